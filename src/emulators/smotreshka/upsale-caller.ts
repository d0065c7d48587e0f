/**
 * The platform's side of the upsale callbacks (api/smotreshka.md §10), for tests and the demo: a
 * subscriber buys or swaps a package in the app, and the emulated platform asks the operator's
 * billing two-phase — `ensure` (may this be sold?), then, having granted access, `commit`.
 *
 * Written from the notes, not from any billing-side server: operation parameters go in the
 * query string, an optional context object in a JSON body; the answer is
 * `{result, billingTransactionId?, billingStartTimestamp?}`. How the real platform authenticates
 * is undocumented, so the caller sends whatever headers or query parameters it is given.
 */
import { randomUUID } from 'node:crypto';
import type { SmotreshkaState } from './state.js';

export interface UpsaleCallerOptions {
  /** The billing's base URL; the caller appends `/upsale/v3/…`. */
  readonly billingUrl: string;
  /** Extra request headers (e.g. an Authorization the operator arranged). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra query parameters (e.g. a token in the configured URL). */
  readonly query?: Readonly<Record<string, string>>;
}

export interface InAppPurchase {
  /** Platform account id. */
  readonly accountId: string;
  readonly newOfferId: string;
  /** Present: a replace-subscription (a base package swap). */
  readonly oldOfferId?: string;
  readonly trialDays?: number;
  /** The platform's transaction id; a fresh one when absent. */
  readonly qsTransactionId?: string;
}

export interface CallbackReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface PurchaseOutcome {
  readonly qsTransactionId: string;
  readonly ensure: CallbackReply;
  /** Absent when ensure did not answer operation_ensured (nothing was granted). */
  readonly commit?: CallbackReply;
  /** Whether the platform granted the package. */
  readonly granted: boolean;
}

/**
 * One purchase in the app: ensure; on `operation_ensured` grant access in the emulated state
 * (a replace takes the old package away), then commit. Another answer grants nothing.
 */
export async function buyInApp(state: SmotreshkaState, opts: UpsaleCallerOptions, p: InAppPurchase): Promise<PurchaseOutcome> {
  const account = state.accounts.get(p.accountId);
  if (!account) throw new Error(`emulated platform has no account ${p.accountId}`);
  const qsTransactionId = p.qsTransactionId ?? randomUUID();
  const operation = p.oldOfferId === undefined ? 'add' : 'replace';
  const params: Record<string, string> = {
    accountId: account.id,
    accountLogin: account.username,
    newOfferId: p.newOfferId,
    ...(p.oldOfferId !== undefined ? { oldOfferId: p.oldOfferId } : {}),
    qsTransactionId,
    ...(p.trialDays !== undefined ? { trialDays: String(p.trialDays) } : {}),
  };
  const context = { newOfferName: state.subscriptions.get(p.newOfferId)?.name ?? p.newOfferId, clientIp: '198.51.100.10', deviceInfo: { type: 'smart_tv' }, appInfo: { version: 'emulator' } };
  const ensure = await callback(opts, operation, 'ensure', params, context);
  if (ensure.status !== 200 || ensure.body.result !== 'operation_ensured') return { qsTransactionId, ensure, granted: false };
  // Access is granted before commit (commit confirms it).
  if (p.oldOfferId !== undefined) account.subscriptions.delete(p.oldOfferId);
  account.subscriptions.add(p.newOfferId);
  state.touch(account);
  const commit = await callback(opts, operation, 'commit', { ...params, billingTransactionId: String(ensure.body.billingTransactionId), serviceStartTimestamp: new Date().toISOString() }, context);
  return { qsTransactionId, ensure, commit, granted: true };
}

/** One raw callback, for tests of repeats and bad calls. */
export async function callback(opts: UpsaleCallerOptions, operation: 'add' | 'replace', phase: 'ensure' | 'commit', params: Readonly<Record<string, string>>, context?: object): Promise<CallbackReply> {
  const url = new URL(`${opts.billingUrl.replace(/\/$/, '')}/upsale/v3/${operation}-subscription/${phase}`);
  for (const [k, v] of Object.entries({ ...params, ...(opts.query ?? {}) })) url.searchParams.set(k, v);
  const res = await fetch(url, {
    method: 'POST',
    headers: { accept: 'application/json', ...(context ? { 'content-type': 'application/json' } : {}), ...(opts.headers ?? {}) },
    ...(context ? { body: JSON.stringify(context) } : {}),
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { unparsed: text };
  }
  return { status: res.status, body };
}
