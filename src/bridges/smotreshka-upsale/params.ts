/**
 * The callbacks' parameters, read from the query string as api/smotreshka.md §10 lists them
 * (the only description is a third-party implementation; names are kept exactly). Pure.
 */
import type { PurchaseOperation } from '../../model/purchase.js';

export type Phase = 'ensure' | 'commit';

export interface CallbackParams {
  readonly operation: PurchaseOperation;
  readonly phase: Phase;
  readonly accountId: string;
  readonly accountLogin: string;
  readonly newOfferId: string;
  readonly oldOfferId: string | null;
  readonly qsTransactionId: string;
  readonly trialDays: number | null;
  /** commit only. */
  readonly billingTransactionId: string | null;
  /** commit only, as sent. */
  readonly serviceStartTimestamp: string | null;
}

/** Values longer than this are refused: ids are short, and they are stored. */
const MAX_PARAM = 200;

/** The route `…/upsale/v3/<operation>-subscription/<phase>`; null when the path is not one. */
export function parseRoute(pathname: string): { operation: PurchaseOperation; phase: Phase } | null {
  const m = /\/upsale\/v3\/(add|replace)-subscription\/(ensure|commit)\/?$/.exec(pathname);
  return m ? { operation: m[1] as PurchaseOperation, phase: m[2] as Phase } : null;
}

/** The parameters, or every problem with them (one message per parameter). */
export function parseParams(route: { operation: PurchaseOperation; phase: Phase }, q: URLSearchParams): { ok: true; params: CallbackParams } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const text = (name: string, required: boolean): string | null => {
    const all = q.getAll(name);
    if (all.length > 1) {
      problems.push(`${name} is given ${all.length} times`);
      return null;
    }
    const v = all[0]?.trim();
    if (v === undefined || v === '') {
      if (required) problems.push(`${name} is required`);
      return null;
    }
    if (v.length > MAX_PARAM) {
      problems.push(`${name} is longer than ${MAX_PARAM} characters`);
      return null;
    }
    return v;
  };
  const replace = route.operation === 'replace';
  const commit = route.phase === 'commit';
  const accountId = text('accountId', true);
  const accountLogin = text('accountLogin', true);
  const newOfferId = text('newOfferId', true);
  const oldOfferId = text('oldOfferId', replace);
  const qsTransactionId = text('qsTransactionId', true);
  const trial = text('trialDays', false);
  const billingTransactionId = text('billingTransactionId', commit);
  const serviceStartTimestamp = commit ? text('serviceStartTimestamp', false) : null;
  let trialDays: number | null = null;
  if (trial !== null) {
    if (!/^\d{1,5}$/.test(trial)) problems.push(`trialDays must be a whole number of days, not '${trial}'`);
    else trialDays = Number(trial);
  }
  if (!replace && oldOfferId !== null) problems.push('oldOfferId belongs to replace-subscription, not add-subscription');
  if (replace && oldOfferId !== null && oldOfferId === newOfferId) problems.push('oldOfferId and newOfferId are the same offer');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    params: {
      operation: route.operation,
      phase: route.phase,
      accountId: accountId!,
      accountLogin: accountLogin!,
      newOfferId: newOfferId!,
      oldOfferId,
      qsTransactionId: qsTransactionId!,
      trialDays,
      billingTransactionId,
      serviceStartTimestamp,
    },
  };
}
