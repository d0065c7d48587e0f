/**
 * The console's store queries on both dialects: run paging, a run's ops paged and searched by
 * key, failures grouped by reason, ops per hour, entity lookups and searches, counts, drift.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { HARNESSES, type TestStore } from './dialects.js';
import { createOp, entity, many, SAMPLE, updateOp } from './fixtures.js';

describe.each(HARNESSES)('console queries on $name', (harness) => {
  let t: TestStore;
  let store: Store;

  beforeEach(async () => {
    t = await harness.create();
    store = t.store;
  });
  afterEach(async () => {
    await t?.cleanup();
  });

  it('pages runs by id (keyset) and reads one run', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await store.beginRun('run', null));
    const first = await store.listRuns(2);
    expect(first.map((r) => r.id)).toEqual([ids[4], ids[3]]);
    const second = await store.listRuns(2, first[1]!.id);
    expect(second.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect((await store.listRuns(2, ids[0])).length).toBe(0);
    expect((await store.getRun(ids[2]!))?.id).toBe(ids[2]);
    expect(await store.getRun('r_nope')).toBeNull();
  });

  it("pages a run's ops, searches them by key, groups failures and tells which targets a run touched", async () => {
    const run = await store.beginRun('run', null);
    const other = await store.beginRun('run', null);
    for (let seq = 1; seq <= 7; seq++) {
      const e = entity({ key: `Абонент-${seq % 3}`, target: seq % 2 ? 'tv' : 'ott' });
      if (seq <= 4) await store.commitOp(run, createOp(seq, e), 1, { kind: 'put', entity: e });
      else await store.recordOpFailure(run, updateOp(seq, e), seq === 7 ? 'skipped' : 'failed', 2, seq === 7 ? 'parent failed' : 'smarty error 4: неверный тариф');
    }
    await store.recordOpFailure(other, createOp(1, entity({ key: 'x' })), 'failed', 1, 'elsewhere');

    expect((await store.listOpsPage(run, { limit: 3 })).map((o) => o.seq)).toEqual([1, 2, 3]);
    expect((await store.listOpsPage(run, { limit: 3, afterSeq: 3 })).map((o) => o.seq)).toEqual([4, 5, 6]);
    expect((await store.listOpsPage(run, { limit: 10, key: 'Абонент-1' })).map((o) => o.seq)).toEqual([1, 4, 7]);
    expect((await store.listOpsPage(run, { limit: 10, key: 'Абонент-1', afterSeq: 1 })).map((o) => o.seq)).toEqual([4, 7]);
    expect(await store.failureGroups(run, 10)).toEqual([
      { status: 'failed', reason: 'smarty error 4: неверный тариф', count: 2, firstSeq: 5 },
      { status: 'skipped', reason: 'parent failed', count: 1, firstSeq: 7 },
    ]);
    const targets = await store.runTargets([run, other, 'r_none']);
    expect(targets.get(run)).toEqual({ tv: 4, ott: 3 });
    expect(targets.get(other)).toEqual({ tv: 1 });
    expect(targets.has('r_none')).toBe(false);
    expect((await store.runTargets([])).size).toBe(0);

    const latest = await store.entityOps([{ target: 'tv', kind: 'customer', key: 'Абонент-1' }], 2);
    expect(latest.map((o) => o.seq)).toEqual([7, 1]);
  });

  it('counts ops per UTC hour and outcome since a time', async () => {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const run = await store.beginRun('run', null);
    const a = entity({ key: 'a' });
    await store.commitOp(run, createOp(1, a), 1, { kind: 'put', entity: a });
    await store.commitOp(run, updateOp(2, a), 1, { kind: 'put', entity: a });
    await store.recordOpFailure(run, updateOp(3, a), 'failed', 1, 'boom');
    await store.recordOpFailure(run, createOp(4, entity({ key: 'b', target: 'ott' })), 'failed', 1, 'boom');
    const hours = await store.opsPerHour('tv', since);
    const total = hours.reduce((n, h) => ({ ok: n.ok + h.ok, failed: n.failed + h.failed }), { ok: 0, failed: 0 });
    expect(total).toEqual({ ok: 2, failed: 1 });
    for (const h of hours) expect(h.hour).toMatch(/^\d{4}-\d\d-\d\dT\d\d$/);
    expect(await store.opsPerHour('tv', '2999-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('looks entities up by identity, by key across kinds and by origin; counts rows per kind', async () => {
    await store.putSnapshot([...SAMPLE, ...many(30)]);
    const one = await store.getSnapshotEntity('tv', 'customer', 'Иванов-1');
    expect(one).toEqual(SAMPLE[0]);
    expect(await store.getSnapshotEntity('tv', 'account', 'Иванов-1')).toBeNull();

    const byKey = await store.findSnapshotEntities({ value: '100200', kinds: [{ target: 'tv', kind: 'account' }, { target: 'tv', kind: 'customer' }], sources: [], limit: 10 });
    expect(byKey.map((e) => `${e.kind}/${e.key}`)).toEqual(['account/100200']);
    const byOrigin = await store.findSnapshotEntities({ value: 'абонент/17', kinds: [], sources: ['hydra'], limit: 10 });
    expect(byOrigin).toEqual([SAMPLE[0]]);
    const both = await store.findSnapshotEntities({ value: '8', kinds: [{ target: 'bulk', kind: 'customer' }], sources: ['hydra', 'lanbilling'], limit: 10 });
    expect(both.map((e) => e.key)).toEqual(['k000008']);
    expect(await store.findSnapshotEntities({ value: '8', kinds: [], sources: [], limit: 10 })).toEqual([]);

    expect(await store.snapshotCounts()).toEqual([
      { target: 'bulk', kind: 'account', count: 20 },
      { target: 'bulk', kind: 'customer', count: 10 },
      { target: 'tv', kind: 'account', count: 1 },
      { target: 'tv', kind: 'customer', count: 3 },
    ]);
  });

  it('stores the last drift report per target, replacing the previous one', async () => {
    expect(await store.listDrift()).toEqual([]);
    const entry = { target: 'tv', kind: 'customer', key: 'Иванов-1', type: 'changed' as const, attrs: [{ attr: 'name', snapshot: 'Иван', live: 'Пётр' }], added: {}, removed: {} };
    await store.putDrift('tv', '2025-03-01T10:00:00.000Z', [entry, { ...entry, key: 'b', type: 'missing', attrs: [] }]);
    await store.putDrift('tv', '2025-03-02T10:00:00.000Z', [entry]);
    await store.putDrift('ott', '2025-03-02T11:00:00.000Z', []);
    expect(await store.listDrift()).toEqual([
      { target: 'ott', foundAt: '2025-03-02T11:00:00.000Z', count: 0, entries: [] },
      { target: 'tv', foundAt: '2025-03-02T10:00:00.000Z', count: 1, entries: [entry] },
    ]);
  });
});
