/**
 * Committed upsale purchases laid over desired state and base: the diff plans nothing for what
 * the platform already holds, until the billing reflects it; then billing changes apply as usual.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/plan/plan.js';
import { overlayPurchases } from '../../../src/plan/purchase-overlay.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import type { Purchase } from '../../../src/model/purchase.js';
import { SMOTRESHKA_KINDS } from '../../../src/targets/smotreshka/kinds.js';

const account = (key: string, subscriptions: string[]): Entity => ({
  target: 'tv', kind: 'account', key, attrs: { email: `${key}@example.net` }, sets: { subscriptions }, origin: { source: 'lb', id: key },
});
const snap = (e: Entity): SnapshotEntity => ({ ...e, remoteId: `id-${e.key}`, hash: entityHash(e) });
let n = 0;
const purchase = (key: string, newOffer: string, oldOffer: string | null = null, committedAt = '2026-03-01T10:00:00.000Z', state: Purchase['state'] = 'committed'): Purchase => ({
  target: 'tv', qsTransactionId: `qs-${++n}`, billingTransactionId: `b-${n}`, operation: oldOffer ? 'replace' : 'add', accountKey: key, accountId: `id-${key}`,
  newOffer, oldOffer, trialDays: null, state, ensuredAt: committedAt, committedAt: state === 'ensured' ? null : committedAt, serviceStart: null, endedAt: null,
});

function ops(desired: readonly Entity[], snapshot: readonly SnapshotEntity[]) {
  const p = buildPlan({
    targets: [{ target: 'tv', kinds: SMOTRESHKA_KINDS, safety: { minSourceShare: 0.5 }, desired, snapshot, sources: [{ source: 'lb', read: desired.length }] }],
    skipped: [], overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: '2026-03-02T00:00:00Z',
  });
  return p.ops.map((o) => `${o.type} ${o.key}${'member' in o ? ` ${o.member}` : ''}`);
}

describe('overlayPurchases', () => {
  it('keeps an added package the billing does not know: no op, where without it nothing would keep it under enforce', () => {
    const desired = [account('ivanov', ['100']), account('petrov', ['102'])];
    const base = desired.map(snap);
    const p = purchase('ivanov', '5010');
    const r = overlayPurchases({ desired, base, purchases: [p] });
    expect(r.desired[0]!.sets.subscriptions).toEqual(['100', '5010']);
    expect(r.base[0]!.sets.subscriptions).toEqual(['100', '5010']);
    expect(r.desired[1]).toBe(desired[1]);
    expect(r.kept).toEqual([p.qsTransactionId]);
    expect(ops(r.desired, r.base)).toEqual([]);
  });

  it('keeps a base swap: the old package is neither re-added nor removed, the new one stays', () => {
    const desired = [account('ivanov', ['100', '5020'])];
    const p = purchase('ivanov', '106', '100');
    const r = overlayPurchases({ desired, base: desired.map(snap), purchases: [p] });
    expect(r.desired[0]!.sets.subscriptions).toEqual(['106', '5020']);
    expect(ops(r.desired, r.base)).toEqual([]);
    // Without the overlay, a refreshed base (platform: 106, 5020) would undo the swap.
    expect(ops(desired, [snap(account('ivanov', ['106', '5020']))])).toEqual(['add_member ivanov 100', 'remove_member ivanov 106']);
  });

  it('applies purchases in commit order (add, then swap that package away)', () => {
    const desired = [account('ivanov', ['100'])];
    const r = overlayPurchases({ desired, base: desired.map(snap), purchases: [purchase('ivanov', '5010'), purchase('ivanov', '5020', '5010')] });
    expect(r.desired[0]!.sets.subscriptions).toEqual(['100', '5020']);
  });

  it('ends a purchase the billing reflects, and billing changes then apply as usual', () => {
    const add = purchase('ivanov', '5010');
    const swap = purchase('petrov', '106', '102');
    const half = purchase('sidorov', '106', '102');
    const desired = [account('ivanov', ['100', '5010']), account('petrov', ['106']), account('sidorov', ['102', '106'])];
    const base = [snap(account('ivanov', ['100'])), snap(account('petrov', ['102'])), snap(account('sidorov', ['102']))];
    const r = overlayPurchases({ desired, base, purchases: [add, swap, half] });
    expect(r.reflected).toEqual([add.qsTransactionId, swap.qsTransactionId]);
    // sidorov's billing has the new package but still the old one: not reflected yet.
    expect(r.kept).toEqual([half.qsTransactionId]);
    expect(r.desired[0]).toBe(desired[0]);
    expect(ops(r.desired, r.base)).toEqual(['add_member ivanov 5010', 'add_member petrov 106', 'remove_member petrov 102']);
  });

  it('ignores ensured purchases, expires old ones, and leaves blocked or unmapped accounts alone', () => {
    const desired = [account('ivanov', ['100']), account('blocked', [])];
    const base = desired.map(snap);
    const ensured = purchase('ivanov', '5010', null, '2026-03-01T10:00:00.000Z', 'ensured');
    const old = purchase('ivanov', '5020', null, '2026-01-01T00:00:00.000Z');
    const blocked = purchase('blocked', '5010');
    const gone = purchase('nobody', '5010');
    const r = overlayPurchases({ desired, base, purchases: [ensured, old, blocked, gone], blocked: new Set(['account\u0000blocked']), expiredBefore: '2026-02-01T00:00:00.000Z' });
    expect(r.expired).toEqual([old.qsTransactionId]);
    expect(r.kept).toEqual([]);
    expect(r.reflected).toEqual([]);
    expect(r.desired).toBe(desired);
    expect(r.base).toBe(base);
  });
});
