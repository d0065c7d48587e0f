/**
 * The upsale purchases table on both dialects: ensure is idempotent (a twin insert keeps the
 * first), commit moves ensured → committed once, the planner's list is in commit order, ending
 * and listing, counts, and the account lookup by platform id then key.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PurchaseStore } from '../../../src/store/purchase-queries.js';
import { HARNESSES, type TestStore } from './dialects.js';
import { entity } from './fixtures.js';

const base = (qs: string, over: Partial<Parameters<PurchaseStore['ensure']>[0]> = {}) => ({
  target: 'tv', qsTransactionId: qs, billingTransactionId: `b-${qs}`, operation: 'add' as const, accountKey: 'ivanov', accountId: 'a1',
  newOffer: '5010', oldOffer: null, trialDays: null, ensuredAt: '2026-03-01T10:00:00.000Z', ...over,
});

describe.each(HARNESSES)('upsale purchases on $name', (harness) => {
  let t: TestStore;
  let p: PurchaseStore;

  beforeEach(async () => {
    t = await harness.create();
    p = t.store.purchases;
  });
  afterEach(async () => {
    await t?.cleanup();
  });

  it('ensures once per (target, qsTransactionId), commits once, and lists committed ones in commit order', async () => {
    const first = await p.ensure(base('q1'));
    expect(first.created).toBe(true);
    expect(first.purchase).toMatchObject({ state: 'ensured', billingTransactionId: 'b-q1', committedAt: null, oldOffer: null });
    // A twin (another billing id) keeps the first.
    const twin = await p.ensure(base('q1', { billingTransactionId: 'other' }));
    expect(twin.created).toBe(false);
    expect(twin.purchase.billingTransactionId).toBe('b-q1');
    // The same platform id on another target is another transaction.
    expect((await p.ensure(base('q1', { target: 'tv2', billingTransactionId: 'b-q1-tv2' }))).created).toBe(true);
    await p.ensure(base('q2', { operation: 'replace', newOffer: '106', oldOffer: '100', trialDays: 7 }));

    expect(await p.committed('tv')).toEqual([]);
    const c2 = await p.commit('tv', 'q2', '2026-03-01T11:00:00.000Z', '2026-03-01T10:59:00Z');
    expect(c2).toMatchObject({ state: 'committed', committedAt: '2026-03-01T11:00:00.000Z', serviceStart: '2026-03-01T10:59:00Z', trialDays: 7, oldOffer: '100' });
    await p.commit('tv', 'q1', '2026-03-01T12:00:00.000Z', null);
    // A second commit changes nothing.
    expect((await p.commit('tv', 'q1', '2026-03-09T00:00:00.000Z', null))?.committedAt).toBe('2026-03-01T12:00:00.000Z');
    expect(await p.commit('tv', 'nope', '2026-03-01T12:00:00.000Z', null)).toBeNull();
    expect((await p.committed('tv')).map((x) => x.qsTransactionId)).toEqual(['q2', 'q1']);
    expect(await p.holds('tv', 'ivanov', '5010')).toBe(true);
    expect(await p.holds('tv', 'ivanov', '5020')).toBe(false);
    expect(await p.holds('tv', 'petrov', '5010')).toBe(false);

    await p.end('tv', ['q2'], 'reflected', '2026-03-02T00:00:00.000Z');
    expect((await p.get('tv', 'q2'))).toMatchObject({ state: 'reflected', endedAt: '2026-03-02T00:00:00.000Z' });
    expect((await p.committed('tv')).map((x) => x.qsTransactionId)).toEqual(['q1']);
    // Only committed purchases count (q2's 106 is reflected now: the snapshot will show it).
    expect(await p.holds('tv', 'ivanov', '106')).toBe(false);
    expect((await p.list({ states: ['committed', 'ensured'], limit: 10 })).map((x) => `${x.target}:${x.qsTransactionId}`).sort()).toEqual(['tv2:q1', 'tv:q1']);
    expect((await p.list({ target: 'tv', states: ['reflected'], limit: 10 })).map((x) => x.qsTransactionId)).toEqual(['q2']);
    expect(await p.counts()).toEqual([
      { target: 'tv', state: 'committed', count: 1 },
      { target: 'tv', state: 'reflected', count: 1 },
      { target: 'tv2', state: 'ensured', count: 1 },
    ]);
  });

  it('finds an account by platform id first, then by key', async () => {
    await t.store.putSnapshot([
      entity({ kind: 'account', key: 'ivanov', remoteId: '5964c5330000000000000001', sets: { subscriptions: ['100'] } }),
      entity({ kind: 'account', key: 'petrov', remoteId: '5964c5330000000000000002' }),
      entity({ kind: 'account', key: 'new', remoteId: null }),
    ]);
    expect((await p.findAccount('tv', 'account', '5964c5330000000000000001', 'petrov'))?.key).toBe('ivanov');
    expect((await p.findAccount('tv', 'account', '5964c5330000000000000001', null))?.sets).toEqual({ subscriptions: ['100'] });
    expect((await p.findAccount('tv', 'account', 'unknown', 'new'))?.key).toBe('new');
    expect(await p.findAccount('tv', 'account', 'unknown', 'nobody')).toBeNull();
    expect(await p.findAccount('tv', 'account', 'unknown', null)).toBeNull();
    expect(await p.findAccount('other', 'account', '5964c5330000000000000001', null)).toBeNull();
  });
});
