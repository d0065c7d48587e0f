/**
 * The v3 account-state (`blocking: account_state`): `POST /accounts/v3/{accountId}/account-state`
 * with the status, `tvSuspended` and a `stateTimestamp` the platform uses to order requests.
 */
import type { Attrs } from '../../model/entity.js';
import { TargetRequestError } from '../../model/errors.js';
import type { Logger } from '../../util/logger.js';
import { isApiError, type SmotreshkaClient } from './client.js';
import { ACCOUNT_STATES, type AccountState } from './kinds.js';
import type { AccountStateId } from './options.js';

export interface AccountStateBody {
  /** Kopecks, only when the mapping sets `balance` (the SPEC requires it; a made-up 0 would be shown to the subscriber). */
  readonly balance?: number;
  readonly status: AccountState;
  readonly tvSuspended: boolean;
  readonly stateTimestamp: number;
}

/**
 * The status to send. The mapping's `state` wins when it is one of the platform's values; an
 * unknown value, or none, becomes `active` for a working account and `other` for a suspended
 * one (the platform refuses `active` with tvSuspended, and `other` claims no reason we do not know).
 */
export function stateStatus(attrs: Attrs): AccountState {
  const suspended = attrs.tv_suspended === true;
  const s = attrs.state;
  const known = typeof s === 'string' && (ACCOUNT_STATES as readonly string[]).includes(s) ? (s as AccountState) : undefined;
  if (suspended) return known !== undefined && known !== 'active' ? known : 'other';
  return known ?? 'active';
}

/** Whether a new account needs a state sent: the platform starts accounts active. */
export function needsInitialState(attrs: Attrs): boolean {
  return attrs.tv_suspended === true || (typeof attrs.state === 'string' && attrs.state !== 'active');
}

/** How the v3 account-state addresses an account: its platform id and its (wire) username. */
export interface StateAddress {
  readonly accountId: string;
  readonly username: string;
}

export class AccountStateSender {
  /** Last stateTimestamp sent per accountId, so timestamps never repeat or go back in this process. */
  private readonly last = new Map<string, number>();

  constructor(
    private readonly client: SmotreshkaClient,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly opts: { readonly accountStateId: AccountStateId; readonly target: string } = { accountStateId: 'account_id', target: 'smotreshka' },
  ) {}

  /** Now in ms, but always after the previous timestamp sent for the account (the platform ignores ≤). */
  timestampFor(accountId: string): number {
    const prev = this.last.get(accountId);
    const ts = prev !== undefined && prev >= this.now() ? prev + 1 : this.now();
    this.last.set(accountId, ts);
    return ts;
  }

  /**
   * Posts the account's state. The SPEC does not say how the answer to an ignored request (an
   * older stateTimestamp) differs from an accepted one; if it says "ignored", that is a failure
   * (a newer state exists), otherwise billsync cannot tell — timestamps only ever rise here.
   */
  async send(address: StateAddress, key: string, attrs: Attrs): Promise<AccountStateBody> {
    const balance = attrs.balance;
    const body: AccountStateBody = {
      ...(typeof balance === 'number' && Number.isInteger(balance) ? { balance } : {}),
      status: stateStatus(attrs),
      tvSuspended: attrs.tv_suspended === true,
      stateTimestamp: this.timestampFor(address.accountId),
    };
    if (typeof attrs.state === 'string' && attrs.state !== body.status) {
      this.logger.warn({ kind: 'account', key, state: attrs.state, sent: body.status }, 'smotreshka state adjusted to what the platform accepts');
    }
    const at = `targets.${this.opts.target}`;
    const id = this.opts.accountStateId === 'username' ? address.username : address.accountId;
    let answer: unknown;
    try {
      answer = await this.client.call('POST', `/accounts/v3/${encodeURIComponent(id)}/account-state`, body);
    } catch (err) {
      if (isApiError(err, [404])) {
        const other = this.opts.accountStateId === 'username' ? 'account_id' : 'username';
        throw new TargetRequestError(
          `smotreshka account-state for ${key}: ${err.apiMessage || 'not found'} (addressed by ${this.opts.accountStateId} '${id}'); the integration may address accounts by ${other} — set ${at}.account_state_id: ${other} — or may not have the v3 account-state enabled — ask Lifestream, or set ${at}.blocking: subscriptions`,
          { retryable: false, status: 404 },
        );
      }
      // The SPEC marks balance required, and billsync sends none it was not given: a refusal
      // of a state without one is most likely that.
      if (isApiError(err, [400]) && body.balance === undefined) {
        throw new TargetRequestError(
          `smotreshka account-state for ${key}: refused (${err.apiMessage || 'Bad Request'}) — the SPEC requires the balance and the mapping gives none; map attrs.balance (kopecks) of the account in the mapping for ${this.opts.target}, or set ${at}.blocking: subscriptions`,
          { retryable: false, status: 400 },
        );
      }
      throw err;
    }
    const status = typeof answer === 'object' && answer !== null ? (answer as { status?: unknown }).status : undefined;
    if (typeof status === 'string' && /ignor/i.test(status)) {
      throw new TargetRequestError(
        `smotreshka ignored the account-state for ${key}: it has processed a newer stateTimestamp (another writer, or this host's clock is behind); the next run sends it again`,
        { retryable: false },
      );
    }
    return body;
  }
}
