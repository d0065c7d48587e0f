/**
 * The v3 account-state (`blocking: account_state`): `POST /accounts/v3/{accountId}/account-state`
 * with the status, `tvSuspended` and a `stateTimestamp` the platform uses to order requests.
 */
import type { Attrs } from '../../model/entity.js';
import { TargetRequestError } from '../../model/errors.js';
import type { Logger } from '../../util/logger.js';
import { isApiError, type SmotreshkaClient } from './client.js';
import { ACCOUNT_STATES, type AccountState } from './kinds.js';

export interface AccountStateBody {
  /** Kopecks. Always 0: billsync does not sync money, only whether TV is on. */
  readonly balance: number;
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

export class AccountStateSender {
  /** Last stateTimestamp sent per accountId, so timestamps never repeat or go back in this process. */
  private readonly last = new Map<string, number>();

  constructor(
    private readonly client: SmotreshkaClient,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Now in ms, but always after the previous timestamp sent for the account (the platform ignores ≤). */
  timestampFor(accountId: string): number {
    const prev = this.last.get(accountId);
    const ts = prev !== undefined && prev >= this.now() ? prev + 1 : this.now();
    this.last.set(accountId, ts);
    return ts;
  }

  /** Posts the account's state; an answer the platform ignored is a failure (a newer state exists). */
  async send(accountId: string, key: string, attrs: Attrs): Promise<AccountStateBody> {
    const body: AccountStateBody = {
      balance: 0,
      status: stateStatus(attrs),
      tvSuspended: attrs.tv_suspended === true,
      stateTimestamp: this.timestampFor(accountId),
    };
    if (typeof attrs.state === 'string' && attrs.state !== body.status) {
      this.logger.warn({ kind: 'account', key, state: attrs.state, sent: body.status }, 'smotreshka state adjusted to what the platform accepts');
    }
    let answer: unknown;
    try {
      answer = await this.client.call('POST', `/accounts/v3/${encodeURIComponent(accountId)}/account-state`, body);
    } catch (err) {
      if (isApiError(err, [404])) {
        throw new TargetRequestError(
          `smotreshka account-state for ${key}: ${err.apiMessage || 'not found'}; the v3 account-state may not be enabled for this integration — ask Lifestream or set blocking: subscriptions`,
          { retryable: false, status: 404 },
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
