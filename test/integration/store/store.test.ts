/**
 * The store against both dialects: the same expectations for SQLite and PostgreSQL.
 * PostgreSQL at BILLSYNC_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test) must be
 * up: if it is not, the postgres half fails.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotEntity } from '../../../src/model/entity.js';
import { BillsyncError } from '../../../src/model/errors.js';
import { openStore, POSTGRES_COPY_MIN_ROWS } from '../../../src/store/db.js';
import { hashSnapshotRows } from '../../../src/store/snapshot-hash.js';
import type { Store } from '../../../src/store/store.js';
import { openTempSqliteStore } from '../../support/temp-store.js';
import { HARNESSES, postgresHarness, sqliteHarness, TEST_SECRET_KEY, type TestStore } from './dialects.js';
import { awkwardRows, byKindKey, createOp, deleteOp, entity, expectedHash, many, SAMPLE, updateOp } from './fixtures.js';

describe.each(HARNESSES)('store on $name', (harness) => {
  let t: TestStore;
  let store: Store;

  beforeEach(async () => {
    t = await harness.create();
    store = t.store;
  });
  afterEach(async () => {
    await t?.cleanup();
  });

  it('migrations are idempotent: reopening keeps data and schema', async () => {
    await store.putSnapshot(SAMPLE);
    const again = await t.reopen();
    const [third, fourth] = await Promise.all([t.reopen(), t.reopen()]);
    expect(byKindKey(await again.loadSnapshot('tv'))).toEqual(byKindKey(SAMPLE));
    expect(await third?.snapshotHash('tv')).toBe(await fourth?.snapshotHash('tv'));
  });

  it('round-trips entities exactly, omitting parent/origin when absent', async () => {
    await store.putSnapshot([...SAMPLE, entity({ target: 'other', key: 'not-mine' })]);
    const loaded = await store.loadSnapshot('tv');
    expect(byKindKey(loaded)).toEqual(byKindKey(SAMPLE));
    const empty = loaded.find((e) => e.key === 'empty');
    expect(empty && 'parent' in empty).toBe(false);
    expect(empty && 'origin' in empty).toBe(false);
    expect(loaded.find((e) => e.key === 'empty-set')?.sets).toEqual({ tariffs: [] });
    expect(await store.loadSnapshot('nobody')).toEqual([]);
  });

  it('putSnapshot replaces rows with the same identity; the last duplicate wins', async () => {
    const first = entity({ key: 'a', attrs: { v: 1 }, remoteId: '1' });
    await store.putSnapshot([first, entity({ key: 'b' })]);
    const second = entity({ key: 'a', attrs: { v: 2 }, remoteId: '2' });
    const third = entity({ key: 'a', attrs: { v: 3 }, remoteId: '3' });
    await store.putSnapshot([second, third]);
    expect(byKindKey(await store.loadSnapshot('tv'))).toEqual([third, entity({ key: 'b' })]);
  });

  it('commitOp records the op and puts or removes the snapshot row', async () => {
    const runId = await store.beginRun('apply', 'plan-hash');
    const created = entity({ key: 'c1', attrs: { name: 'Пётр' }, remoteId: '77' });
    await store.commitOp(runId, createOp(1, created), 2, { kind: 'put', entity: created });
    expect(await store.loadSnapshot('tv')).toEqual([created]);

    const updated = entity({ key: 'c1', attrs: { name: 'Пётр I' }, remoteId: '77' });
    await store.commitOp(runId, updateOp(2, updated), 1, { kind: 'put', entity: updated });
    expect(await store.loadSnapshot('tv')).toEqual([updated]);

    await store.commitOp(runId, deleteOp(3, updated), 1, { kind: 'remove', target: 'tv', entityKind: 'customer', key: 'c1' });
    expect(await store.loadSnapshot('tv')).toEqual([]);

    const ops = await store.listOps(runId);
    expect(ops.map((o) => [o.seq, o.op.type, o.status, o.attempts, o.error])).toEqual([
      [1, 'create', 'ok', 2, null],
      [2, 'update', 'ok', 1, null],
      [3, 'delete', 'ok', 1, null],
    ]);
    expect(ops[0]?.op).toEqual(createOp(1, created));
    expect(ops[0]).toMatchObject({ runId, target: 'tv', kind: 'customer', key: 'c1' });
    expect(Number.isNaN(Date.parse(ops[0]?.at ?? ''))).toBe(false);
  });

  it('commitOp is atomic: a failing op_log insert leaves the snapshot untouched', async () => {
    const runId = await store.beginRun('apply', null);
    const a = entity({ key: 'a', attrs: { v: 1 } });
    await store.commitOp(runId, createOp(1, a), 1, { kind: 'put', entity: a });
    const before = await store.snapshotHash('tv');

    // Same (run_id, seq) again: the op_log insert fails after the snapshot change was made.
    const changed = entity({ key: 'a', attrs: { v: 2 } });
    await expect(store.commitOp(runId, updateOp(1, changed), 1, { kind: 'put', entity: changed })).rejects.toThrow();
    const other = entity({ key: 'new' });
    await expect(store.commitOp(runId, createOp(1, other), 1, { kind: 'put', entity: other })).rejects.toThrow();
    await expect(
      store.commitOp(runId, deleteOp(1, a), 1, { kind: 'remove', target: 'tv', entityKind: 'customer', key: 'a' }),
    ).rejects.toThrow();

    expect(await store.loadSnapshot('tv')).toEqual([a]);
    expect(await store.snapshotHash('tv')).toBe(before);
    expect((await store.listOps(runId)).map((o) => o.op.type)).toEqual(['create']);
  });

  it('recordOpFailure logs failed and skipped ops without touching the snapshot', async () => {
    await store.putSnapshot(SAMPLE);
    const before = await store.snapshotHash('tv');
    const runId = await store.beginRun('run', null);
    const e = entity({ key: 'Иванов-1', attrs: { name: 'changed' } });
    await store.recordOpFailure(runId, updateOp(5, e), 'failed', 3, 'smarty error 4: неверный тариф');
    await store.recordOpFailure(runId, deleteOp(6, e), 'skipped', 0, 'parent failed');

    expect(await store.snapshotHash('tv')).toBe(before);
    const ops = await store.listOps(runId);
    expect(ops.map((o) => [o.seq, o.status, o.attempts, o.error])).toEqual([
      [5, 'failed', 3, 'smarty error 4: неверный тариф'],
      [6, 'skipped', 0, 'parent failed'],
    ]);
    expect(ops[0]?.op).toEqual(updateOp(5, e));
  });

  it('lists ops of one run in seq order', async () => {
    const r1 = await store.beginRun('apply', null);
    const r2 = await store.beginRun('apply', null);
    for (const seq of [3, 10, 1, 2]) {
      const e = entity({ key: `e${seq}` });
      await store.commitOp(r1, createOp(seq, e), 1, { kind: 'put', entity: e });
    }
    await store.recordOpFailure(r2, createOp(1, entity({ key: 'x' })), 'failed', 1, 'boom');
    expect((await store.listOps(r1)).map((o) => o.seq)).toEqual([1, 2, 3, 10]);
    expect((await store.listOps(r2)).map((o) => o.key)).toEqual(['x']);
    expect(await store.listOps('r_unknown')).toEqual([]);
  });

  it('begins, finishes and lists runs, most recent first', async () => {
    const ids = [];
    for (const mode of ['plan', 'apply', 'run'] as const) ids.push(await store.beginRun(mode, mode === 'apply' ? 'ph' : null));
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^r_[0-9a-z]{9}_[0-9a-f]{8}$/);

    await store.finishRun(ids[1] as string, 'partial', { create: 3, failed: 1 });
    const runs = await store.listRuns(10);
    expect(runs.map((r) => r.id)).toEqual([...ids].reverse());
    expect(runs[0]).toMatchObject({ mode: 'run', status: 'running', finishedAt: null, counts: {}, planHash: null });
    expect(runs[1]).toMatchObject({ mode: 'apply', status: 'partial', counts: { create: 3, failed: 1 }, planHash: 'ph' });
    expect(Date.parse(runs[1]?.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(runs[1]?.startedAt ?? ''));
    expect((await store.listRuns(2)).map((r) => r.id)).toEqual([ids[2], ids[1]]);
    await expect(store.finishRun('r_nope', 'ok', {})).rejects.toThrow(/unknown run/);
  });

  it('snapshotHash follows the documented formula and ignores insertion order', async () => {
    expect(await store.snapshotHash('tv')).toBe(createHash('sha256').update('').digest('hex'));
    const list = [...SAMPLE, entity({ key: 'Z' }), entity({ key: 'a' }), entity({ key: '\u{1F4FA}' }), entity({ key: '\uFF21' })];
    await store.putSnapshot([...list].reverse());
    const hash = await store.snapshotHash('tv');
    expect(hash).toBe(expectedHash(list));
    // The JS sort (used when the database's collation orders differently), on shuffled input.
    const rows = list.map((e) => ({ kind: e.kind, key: e.key, hash: e.hash, remote_id: e.remoteId }));
    expect(hashSnapshotRows([...rows].reverse())).toBe(hash);
    expect(hashSnapshotRows([...rows.slice(5), ...rows.slice(0, 5)])).toBe(hash);

    const other = await harness.create();
    try {
      for (const e of list) await other.store.putSnapshot([e]);
      expect(await other.store.snapshotHash('tv')).toBe(hash);
      await other.store.putSnapshot([{ ...(list[1] as SnapshotEntity), remoteId: 'changed' }]);
      expect(await other.store.snapshotHash('tv')).not.toBe(hash);
    } finally {
      await other.cleanup();
    }
  });

  it('bulk-writes 20,000 rows in one call and loads them back', async () => {
    const rows = many(20_000);
    await store.putSnapshot(rows);
    const loaded = await store.loadSnapshot('bulk');
    expect(loaded).toHaveLength(20_000);
    expect(byKindKey(loaded)).toEqual(byKindKey(rows));
    expect(await store.snapshotHash('bulk')).toBe(expectedHash(rows));
    // Load time is bench/'s business (bench/plan-bench.ts loads 100,000-row snapshots).
  });

  it('bulk-writes rows with awkward values above the COPY threshold, and upserts over them', async () => {
    // PostgreSQL writes putSnapshots from POSTGRES_COPY_MIN_ROWS rows on through COPY's text
    // format: a value escaped wrongly comes back changed, NULL, or fails the write.
    const n = POSTGRES_COPY_MIN_ROWS + 100;
    const first = awkwardRows(0, n);
    await store.putSnapshot(first);
    expect(byKindKey(await store.loadSnapshot('copy'))).toEqual(byKindKey(first));

    // Every other row changed in every field (parents and origins dropped and gained, remote ids
    // null and back), plus as many new rows: both halves of the upsert, still one COPY.
    const changed = awkwardRows(0, n, 7).filter((_, i) => i % 2 === 0);
    const added = awkwardRows(n, n);
    await store.putSnapshot([...changed, ...added]);
    const expected = new Map([...first, ...changed, ...added].map((e) => [`${e.kind}\u0000${e.key}`, e]));
    const loaded = await store.loadSnapshot('copy');
    expect(loaded).toHaveLength(expected.size);
    expect(byKindKey(loaded)).toEqual(byKindKey([...expected.values()]));
    expect(await store.snapshotHash('copy')).toBe(expectedHash([...expected.values()]));
    // Spelled out, what the comparison above covers: a literal `\N` and an empty string are no NULL.
    expect(loaded.find((e) => e.key === '\\N#5')?.remoteId).toBe('\\N');
    expect(loaded.find((e) => e.key === '#11')?.remoteId).toBe('');
  });

  it('close is idempotent', async () => {
    const s = await t.reopen();
    await s.close();
    await s.close();
  });
});

describe('store across dialects', () => {
  it('gives the same snapshotHash for the same content on SQLite and PostgreSQL', async () => {
    const [lite, pgs] = await Promise.all([sqliteHarness.create(), postgresHarness.create()]);
    try {
      const list = [
        ...SAMPLE,
        ...many(300, 'tv'),
        entity({ key: 'b' }),
        entity({ key: 'B' }),
        entity({ key: 'ä' }),
        entity({ key: 'я' }),
        entity({ key: '\u{1F600}' }),
        entity({ key: '\uFFFD' }),
      ];
      await lite.store.putSnapshot(list);
      await pgs.store.putSnapshot([...list].reverse());
      const h = await lite.store.snapshotHash('tv');
      expect(await pgs.store.snapshotHash('tv')).toBe(h);
      expect(h).toBe(expectedHash(list));
    } finally {
      await Promise.all([lite.cleanup(), pgs.cleanup()]);
    }
  });
});

describe('store on postgres: a failing COPY bulk write', () => {
  it('leaves the snapshot as it was and the store usable', async () => {
    const t = await postgresHarness.create();
    try {
      const before = awkwardRows(0, POSTGRES_COPY_MIN_ROWS);
      await t.store.putSnapshot(before);
      // PostgreSQL text cannot hold U+0000: the server refuses the COPY after its first rows.
      const bad = [...awkwardRows(0, POSTGRES_COPY_MIN_ROWS, 3), entity({ target: 'copy', key: 'nul\u0000' })];
      await expect(t.store.putSnapshot(bad)).rejects.toThrow(/0x00/);
      expect(byKindKey(await t.store.loadSnapshot('copy'))).toEqual(byKindKey(before));
      // The pool hands out its last released connection first: this write gets the failed one.
      const again = awkwardRows(0, POSTGRES_COPY_MIN_ROWS, 5);
      await t.store.putSnapshot(again);
      expect(byKindKey(await t.store.loadSnapshot('copy'))).toEqual(byKindKey(again));
    } finally {
      await t.cleanup();
    }
  });
});

describe('openStore', () => {
  it('creates the SQLite file and its parent directories under baseDir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'billsync-store-open-'));
    try {
      const s = await openStore('sqlite:deep/er/state.db', { baseDir: dir });
      await s.close();
      expect((await stat(join(dir, 'deep/er/state.db'))).isFile()).toBe(true);
      const abs = await openStore(`sqlite:${join(dir, 'abs.db')}`, { baseDir: '/nonexistent' });
      await abs.close();
      expect((await stat(join(dir, 'abs.db'))).isFile()).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('opens an in-memory SQLite store', async () => {
    const s = await openStore('sqlite::memory:', { baseDir: tmpdir() });
    await s.putSnapshot(SAMPLE);
    expect(await s.loadSnapshot('tv')).toHaveLength(SAMPLE.length);
    await s.close();
  });

  it('reports an unreachable PostgreSQL as a STORE error without the password', async () => {
    const err = await openStore('postgres://billsync:s3cret-pw@127.0.0.1:1/db?schema=x', { baseDir: '.', secretKey: TEST_SECRET_KEY }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BillsyncError);
    const be = err as BillsyncError;
    expect(be.code).toBe('STORE');
    expect(be.message).toContain('postgres://billsync:***@127.0.0.1:1/db');
    expect(be.format()).not.toContain('s3cret-pw');
    expect(be.fix).toMatch(/PostgreSQL running/);
  });

  it('rejects unknown URL forms and unsafe schema names as STORE errors', async () => {
    for (const url of ['mysql://x@h/db', 'sqlite:', 'sqlite://host/x.db', 'postgres://u:pw@h/db?schema=Bad-Name']) {
      const err = await openStore(url, { baseDir: '.' }).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(BillsyncError);
      expect((err as BillsyncError).code).toBe('STORE');
      expect((err as BillsyncError).format()).not.toContain(':pw@');
    }
  });

  it('wraps a corrupt SQLite file as a STORE error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'billsync-store-bad-'));
    try {
      await writeFile(join(dir, 'bad.db'), 'this is not a database, just text '.repeat(200));
      const err = await openStore('sqlite:bad.db', { baseDir: dir }).catch((e: unknown) => e);
      expect((err as BillsyncError).code).toBe('STORE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('openTempSqliteStore gives a working store and removes it on cleanup', async () => {
    const tmp = await openTempSqliteStore();
    await tmp.store.putSnapshot(SAMPLE);
    expect(await tmp.store.loadSnapshot('tv')).toHaveLength(SAMPLE.length);
    const file = tmp.url.slice('sqlite:'.length);
    await tmp.cleanup();
    await expect(stat(file)).rejects.toThrow();
  });
});
