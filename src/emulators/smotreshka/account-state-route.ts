/**
 * `POST /accounts/v3/{accountId}/account-state[?delayed=true]` of the emulated platform:
 * validates the body (balance, status, tvSuspended and stateTimestamp are required), applies the
 * SPEC's ordering rules (a `stateTimestamp` not newer than the last processed one is ignored; one
 * ≥2 h behind or ≥10 min ahead of real time is rejected) and sets `is_blocked`. `{accountId}` is
 * the platform id or the login, as the integration is set up. `delayed` (a boolean, for the
 * nightly bulk resync) is recorded. The SPEC answers 200 `{status, message}` without saying what
 * either holds; an ignored request answers the same as an accepted one unless `revealIgnored`.
 * The real platform applies the state "with some delay"; the emulator applies it at once.
 */
import type { SmotreshkaAccount, SmotreshkaState } from './state.js';
import { ok, v3Error, type Reply, type RouteRequest } from './views.js';

const STATUSES = new Set(['active', 'suspended_no_funds', 'suspended_manually', 'other']);
export const MAX_BEHIND_MS = 2 * 60 * 60 * 1000;
export const MAX_AHEAD_MS = 10 * 60 * 1000;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export interface AccountStateOptions {
  /** What `{accountId}` names (an integration setting at Lifestream). */
  readonly accountStateId: 'account_id' | 'username';
  /** Answer `{status: 'ignored'}` to a state that was not newer (lenient). */
  readonly revealIgnored: boolean;
}

const ACCEPTED = { status: 'ok', message: '' };

function accountFor(state: SmotreshkaState, id: string, o: AccountStateOptions): SmotreshkaAccount | undefined {
  return o.accountStateId === 'username' ? state.accountByUsername(id) : state.accounts.get(id);
}

export function postAccountState(state: SmotreshkaState, req: RouteRequest, now: number, o: AccountStateOptions): Reply {
  const delayedText = req.query.get('delayed');
  if (delayedText !== null && delayedText !== 'true' && delayedText !== 'false') {
    return v3Error(400, 'BAD_REQUEST', 'delayed: boolean expected');
  }
  const a = accountFor(state, req.id, o);
  if (!a) return v3Error(404, 'NOT_FOUND', `account ${req.id} not found`);
  if (a.archived) return v3Error(403, 'FORBIDDEN', `account ${req.id} is archived`);
  const b = req.body;
  if (!b) return v3Error(400, 'BAD_REQUEST', 'JSON body required');
  const problems: string[] = [];
  if (!isInt(b.balance)) problems.push('balance: integer (kopecks) required');
  if (typeof b.status !== 'string' || !STATUSES.has(b.status)) problems.push(`status: one of ${[...STATUSES].join(', ')}`);
  if (typeof b.tvSuspended !== 'boolean') problems.push('tvSuspended: boolean required');
  if (!isInt(b.stateTimestamp)) problems.push('stateTimestamp: integer ms required');
  if (b.recommendedRefill !== undefined && !isInt(b.recommendedRefill)) problems.push('recommendedRefill: integer');
  if (b.lastChangeTimestamp !== undefined && !isInt(b.lastChangeTimestamp)) problems.push('lastChangeTimestamp: integer');
  if (problems.length > 0) return v3Error(400, 'BAD_REQUEST', 'invalid account state', problems);
  const ts = b.stateTimestamp as number;
  const tvSuspended = b.tvSuspended as boolean;
  // SPEC: tvSuspended=true cannot go with status active.
  if (tvSuspended && b.status === 'active') return v3Error(400, 'BAD_REQUEST', 'tvSuspended=true is not allowed with status active');
  if (now - ts >= MAX_BEHIND_MS) return v3Error(400, 'STALE_TIMESTAMP', 'stateTimestamp is 2 hours or more behind');
  if (ts - now >= MAX_AHEAD_MS) return v3Error(400, 'FUTURE_TIMESTAMP', 'stateTimestamp is 10 minutes or more ahead');
  const last = a.accountState?.stateTimestamp;
  if (last !== undefined && ts <= last) {
    return ok(o.revealIgnored ? { status: 'ignored', message: 'stateTimestamp not newer than the last processed one' } : ACCEPTED);
  }
  a.accountState = {
    status: b.status as string,
    tvSuspended,
    balance: b.balance as number,
    stateTimestamp: ts,
    delayed: delayedText === 'true',
    ...(isInt(b.recommendedRefill) ? { recommendedRefill: b.recommendedRefill } : {}),
  };
  a.is_blocked = tvSuspended;
  state.touch(a);
  return ok(ACCEPTED);
}
