/**
 * Committed upsale purchases laid over a target's desired state and base before the diff. Pure.
 *
 * A commit is the platform's word that the account now holds `newOffer` (and, for a replace, no
 * longer `oldOffer`). Until the billing says the same, the desired state would take the package
 * away again (or, under `--refresh`, re-add the swapped-out one) — the subscriber would lose what
 * they just bought. So, per committed purchase, in commit order, both the desired entity and the
 * base it is diffed against get `newOffer` added and `oldOffer` removed: the diff then plans
 * nothing for it, no write call and no destructive op.
 *
 * A purchase ends:
 * - **reflected** — the billing's own desired set already has `newOffer` (and not `oldOffer`):
 *   from then on it is an ordinary billing change (the diff may add `newOffer` to the snapshot,
 *   an idempotent call; a replace's `oldOffer` removal goes through the safety gates as usual);
 * - **expired** — committed before `expiredBefore` (the bridge's `keep_for`, when set);
 * - it is not laid over an account the policy blocked by emptying its set (a blocked account
 *   wants no packages) nor over an account the billing does not map (nothing to keep it on);
 *   such purchases stay committed and listed.
 */
import type { Entity, SnapshotEntity } from '../model/entity.js';
import type { Purchase } from '../model/purchase.js';

/** The set the purchases change (Smotreshka `account.subscriptions`). */
export const PURCHASE_KIND = 'account';
export const PURCHASE_SET = 'subscriptions';

export interface OverlayInput {
  readonly desired: readonly Entity[];
  readonly base: readonly SnapshotEntity[];
  /** Committed purchases of this target, oldest commit first. */
  readonly purchases: readonly Purchase[];
  /** `kind\0key` of accounts whose policy emptied the set (blocked): left alone. */
  readonly blocked?: ReadonlySet<string>;
  /** ISO time: purchases committed before it have expired (absent: they never do). */
  readonly expiredBefore?: string;
}

export interface OverlayResult {
  readonly desired: readonly Entity[];
  readonly base: readonly SnapshotEntity[];
  /** Purchases the billing now reflects (qsTransactionId). */
  readonly reflected: readonly string[];
  /** Purchases past keep_for (qsTransactionId). */
  readonly expired: readonly string[];
  /** Purchases laid over this round. */
  readonly kept: readonly string[];
}

export function overlayPurchases(input: OverlayInput): OverlayResult {
  const reflected: string[] = [];
  const expired: string[] = [];
  const kept: string[] = [];
  if (input.purchases.length === 0) return { desired: input.desired, base: input.base, reflected, expired, kept };
  const byAccount = new Map<string, Purchase[]>();
  for (const p of input.purchases) {
    if (p.state !== 'committed') continue;
    if (input.expiredBefore !== undefined && p.committedAt !== null && p.committedAt < input.expiredBefore) {
      expired.push(p.qsTransactionId);
      continue;
    }
    const list = byAccount.get(p.accountKey) ?? [];
    list.push(p);
    byAccount.set(p.accountKey, list);
  }
  // Per account, the purchases still to lay over (reflected ones are not).
  const apply = new Map<string, Purchase[]>();
  const desired = input.desired.map((e) => {
    if (e.kind !== PURCHASE_KIND) return e;
    const list = byAccount.get(e.key);
    if (!list || input.blocked?.has(`${e.kind}\u0000${e.key}`)) return e;
    const billing = new Set(e.sets[PURCHASE_SET] ?? []);
    const pending = list.filter((p) => {
      const done = billing.has(p.newOffer) && (p.oldOffer === null || !billing.has(p.oldOffer));
      if (done) reflected.push(p.qsTransactionId);
      return !done;
    });
    if (pending.length === 0) return e;
    apply.set(e.key, pending);
    for (const p of pending) kept.push(p.qsTransactionId);
    return { ...e, sets: { ...e.sets, [PURCHASE_SET]: laid(e.sets[PURCHASE_SET] ?? [], pending) } };
  });
  if (apply.size === 0) return { desired: input.desired, base: input.base, reflected, expired, kept };
  const base = input.base.map((s) => {
    const pending = s.kind === PURCHASE_KIND ? apply.get(s.key) : undefined;
    return pending ? { ...s, sets: { ...s.sets, [PURCHASE_SET]: laid(s.sets[PURCHASE_SET] ?? [], pending) } } : s;
  });
  return { desired, base, reflected, expired, kept };
}

/** Members with the purchases applied in order; sorted, as sets are. */
function laid(members: readonly string[], purchases: readonly Purchase[]): string[] {
  const out = new Set(members);
  for (const p of purchases) {
    if (p.oldOffer !== null) out.delete(p.oldOffer);
    out.add(p.newOffer);
  }
  return [...out].sort();
}
