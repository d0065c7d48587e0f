/**
 * What billsync manages on Smotreshka (Lifestream): one kind, `account`, keyed by the username as
 * the mapping produces it (the adapter adds `username_prefix` on the wire, since usernames are
 * global across providers), with the set of subscriptions (channel packages) it holds.
 *
 * `info.*` attributes are the keys of the account's free `info` object; they are sent together,
 * as `/update` takes `region` and the whole `info`.
 */
import type { KindSpec } from '../../model/kind.js';

/**
 * Lengths: `username` and `email` are 1–100 characters (SPEC, create-time constraints). `region`
 * and the free `info` object have no documented bound; 255 is a sensible one for a region code,
 * a name or an id, and comments get 1000. A longer value skips the subscriber with the reason.
 */
const str = { type: 'string', maxLength: 255 } as const;

/** Values of the v3 account-state `status`. */
export const ACCOUNT_STATES = ['active', 'suspended_no_funds', 'suspended_manually', 'other'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** The `info` keys billsync manages, as attribute names (`info.fio` → info.fio). */
export const INFO_ATTRS = ['info.fio', 'info.comments', 'info.billing_id'] as const;

export const SMOTRESHKA_ACCOUNT: KindSpec = {
  kind: 'account',
  keyType: 'string',
  // The username as mapped; the adapter's `username_prefix` goes in front on the wire.
  keyLimits: { maxLength: 100 },
  attrs: {
    // The API can set the e-mail only on create (later only in the operator panel).
    email: { type: 'string', createOnly: true, required: true, maxLength: 100 },
    region: str,
    'info.fio': str,
    'info.comments': { type: 'string', maxLength: 1000 },
    'info.billing_id': str,
    // Read from `is_blocked`; written through v3 account-state when `blocking: account_state`.
    tv_suspended: { type: 'boolean' },
    state: str,
    // The subscriber's balance in kopecks (may be negative), for the v3 account-state: sent only
    // when the mapping sets it (the app shows it to the subscriber, so a made-up 0 is worse than
    // none). Never read back: the API does not return it.
    balance: { type: 'integer' },
  },
  sets: { subscriptions: { memberType: 'string' } },
  block: { attr: 'tv_suspended', blockedValue: true },
};

export const SMOTRESHKA_KINDS: readonly KindSpec[] = [SMOTRESHKA_ACCOUNT];
