/**
 * The `targets.<name>` options of a Smotreshka target (snake_case, as in sync.yaml), checked with
 * errors that name the config path and the fix.
 */
import { httpUrlOption, optionalTextOption, positiveIntOption, timeoutMsOption } from '../../config/option-readers.js';
import { BillsyncError } from '../../model/errors.js';
import { PAGE_SIZE } from './directory.js';
import { checkedAgainst } from '../../config/options-check.js';
import { SMOTRESHKA_OPTIONS_SCHEMA } from './options-schema.js';

/**
 * How a blocked subscriber loses TV: `subscriptions` (every operator has it) removes their
 * subscriptions while blocked and re-adds them on unblock; `account_state` posts the v3
 * account-state, which Lifestream enables per integration.
 */
export type BlockingPolicy = 'subscriptions' | 'account_state';

/**
 * What `{accountId}` of the v3 account-state names: the platform id or the login. The SPEC says
 * it depends on the integration's settings at Lifestream, so it is the operator's to state.
 */
export type AccountStateId = 'account_id' | 'username';

export interface SmotreshkaTargetOptions {
  /** Operator API base, e.g. `https://operator.node.lfstrm.tv` (no `/v2`). */
  readonly url: string;
  /** Sent as a bearer token when set; the platform itself authenticates by source IP only. */
  readonly apiKey?: string;
  /** Prepended to every username on the wire: usernames are global across providers. */
  readonly usernamePrefix: string;
  readonly blocking: BlockingPolicy;
  /** `{accountId}` of the v3 account-state (default account_id, the platform id). */
  readonly accountStateId: AccountStateId;
  /** Accounts asked per `GET /v2/accounts` page (default 100). */
  readonly pageSize: number;
  readonly timeoutMs?: number;
}

/** Characters the platform accepts in a username (SPEC). */
export const USERNAME_CHARS = /^[A-Za-z0-9_@.+\-/]*$/;

/** Reads and checks `url`, `api_key`, `username_prefix`, `blocking`, `account_state_id`, `page_size` and `timeout_ms`. */
function readSmotreshkaOptions(name: string, config: Readonly<Record<string, unknown>>): SmotreshkaTargetOptions {
  const at = `targets.${name}`;
  const parsed = httpUrlOption(config, at, 'smotreshka', 'set it to the operator API base Lifestream issued, e.g. https://operator.node.lfstrm.tv');
  // Clients often keep `/v2/` in the base (the PHP client does); the v3 account-state lives
  // beside it at /accounts/v3, so the base must stop before it.
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\/v2$/, '')}`;
  const apiKey = optionalTextOption(config, 'api_key', at, 'smotreshka', 'remove it: the platform authenticates by source IP (the allow-list), not by key');
  const prefix = config.username_prefix ?? '';
  if (typeof prefix !== 'string' || !USERNAME_CHARS.test(prefix) || prefix.length > 50) {
    throw new BillsyncError('CONFIG_RULE', 'smotreshka username_prefix may hold only letters, digits and _ @ . + - / (at most 50)', {
      path: `${at}.username_prefix`,
    });
  }
  const blocking = config.blocking ?? 'subscriptions';
  if (blocking !== 'subscriptions' && blocking !== 'account_state') {
    throw new BillsyncError('CONFIG_RULE', `smotreshka blocking must be subscriptions or account_state, not '${String(blocking)}'`, {
      path: `${at}.blocking`,
      fix: 'use subscriptions unless Lifestream enabled the v3 account-state for your integration',
    });
  }
  const stateId = config.account_state_id ?? 'account_id';
  if (stateId !== 'account_id' && stateId !== 'username') {
    throw new BillsyncError('CONFIG_RULE', `smotreshka account_state_id must be account_id or username, not '${String(stateId)}'`, {
      path: `${at}.account_state_id`,
      fix: 'ask Lifestream which one your integration addresses the v3 account-state by (account_id unless they switched it)',
    });
  }
  const pageSize = positiveIntOption(config, 'page_size', at) ?? PAGE_SIZE;
  const timeout = timeoutMsOption(config, at, 'smotreshka');
  return {
    url: base,
    usernamePrefix: prefix,
    blocking,
    accountStateId: stateId,
    pageSize,
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
  };
}

/** The block's options, checked by the readers above and then against SMOTRESHKA_OPTIONS_SCHEMA. */
export const parseSmotreshkaOptions = checkedAgainst('targets', SMOTRESHKA_OPTIONS_SCHEMA, readSmotreshkaOptions);
