/**
 * A plan made from a snapshot streamed in chunks and sifted (plan/sift-snapshot.ts) must be the
 * plan made from the whole snapshot: same ops, skips and held-back sets, on random desired and
 * stored states, random chunk sizes, key conflicts, moved parents, secrets and a pointing kind.
 * Rows fed as the store reads them (`addRows`, dropped by their text where it equals the
 * desired entity's) must sift exactly as the same rows parsed (`add`).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildPlan, type PlanTargetInput } from '../../../src/plan/plan.js';
import { SnapshotSifter } from '../../../src/plan/sift-snapshot.js';
import { entityHash } from '../../../src/model/hash.js';
import { keyedSecretDigests, legacySecretDigest } from '../../../src/model/secret-digest.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import type { KindSpec } from '../../../src/model/kind.js';
import type { LoadedRow } from '../../../src/model/loaded-row.js';
import { toSnapshotRow } from '../../../src/store/snapshot-row.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';

const secrets = keyedSecretDigests(new Uint8Array(32).fill(7));
/** A kind whose set points at accounts: its rows are never sifted out (the in-use check). */
const GROUP: KindSpec = { kind: 'group', keyType: 'string', attrs: {}, sets: { accounts: { memberKind: 'account' } } } as unknown as KindSpec;
const KINDS: readonly KindSpec[] = [...SMARTY_KINDS, GROUP];
const origin = (id: number) => ({ source: 'hydra', id: String(id) });

type Sub = { id: number; owner: number; active: boolean; tariffs: number[]; name: number; password: number; legacy: boolean; reordered?: boolean };
const sub = fc.record({
  id: fc.integer({ min: 1, max: 40 }),
  // Usually the subscriber itself; sometimes another one's customer (a moved parent).
  owner: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
  active: fc.boolean(),
  tariffs: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
  name: fc.integer({ min: 0, max: 2 }),
  password: fc.integer({ min: 0, max: 2 }),
  legacy: fc.boolean(),
  // The row stores the same attributes in another key order: equal, but not by its text.
  reordered: fc.boolean(),
});

function desiredOf(s: Sub): Entity[] {
  const cust = String(s.owner || s.id);
  return [
    { target: 'smarty', kind: 'customer', key: String(s.id), attrs: { lastname: `L${s.name}` }, sets: { tariffs: [...new Set(s.tariffs.map(String))].sort() }, origin: origin(s.id) },
    { target: 'smarty', kind: 'account', key: String(1000 + s.id), attrs: { active: s.active, status_reason: s.active ? 'ACTIVE' : 'DEBT', password: s.password }, sets: {}, parent: { kind: 'customer', key: cust }, origin: origin(s.id) },
  ];
}

function storedOf(s: Sub): SnapshotEntity[] {
  return desiredOf(s).map((e) => {
    const stored = e.kind === 'account' ? { ...e.attrs, password: s.legacy ? legacySecretDigest(s.password) : secrets.digest(s.password) } : e.attrs;
    const attrs = s.reordered ? Object.fromEntries(Object.entries(stored).reverse()) : stored;
    const row = { ...e, attrs };
    return { ...row, remoteId: `r${e.key}`, hash: entityHash(row) };
  });
}

/** A row as the store reads it (the SQL concatenates the two JSON columns into the body). */
function loadedRowOf(e: SnapshotEntity): LoadedRow {
  const r = toSnapshotRow(e, '', null);
  return [r.kind, r.key, r.parent_kind, r.parent_key, r.origin_source, r.origin_id, r.remote_id, r.hash, `[${r.attrs},${r.sets}]`];
}

const byIdentity = <T extends Entity>(l: T[]): T[] => [...new Map(l.map((e) => [`${e.kind}/${e.key}`, e])).values()];

describe('a sifted snapshot plans as the whole snapshot does', () => {
  it('same plan on random states and chunkings', () => {
    fc.assert(
      fc.property(
        fc.array(sub, { maxLength: 30 }),
        fc.array(sub, { maxLength: 30 }),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 3 }),
        (want, have, chunk, withGroup, tightCaps, declared) => {
          // Duplicates in `want` are key conflicts (two subscribers, one key) on purpose.
          const desired: Entity[] = want.flatMap(desiredOf);
          // Declared customers (no subscriber owns them) may repeat each other's or a subscriber's key.
          for (const id of declared) desired.push({ target: 'smarty', kind: 'customer', key: String(id), attrs: { lastname: 'declared' }, sets: { tariffs: [] } });
          const snapshot: SnapshotEntity[] = byIdentity(have.flatMap(storedOf));
          if (withGroup) {
            desired.push({ target: 'smarty', kind: 'group', key: 'g', attrs: {}, sets: { accounts: ['1001'] }, origin: origin(1) });
            const g = { target: 'smarty', kind: 'group', key: 'g', attrs: {}, sets: { accounts: ['1001', '1002'] } };
            snapshot.push({ ...g, remoteId: 'rg', hash: entityHash(g) });
          }
          const base: PlanTargetInput = {
            target: 'smarty',
            kinds: KINDS,
            safety: tightCaps ? { minSourceShare: 0.5, maxDeletes: { percent: 10, atLeast: 1 }, maxBlocks: { percent: 10, atLeast: 1 }, maxRemovals: { percent: 10, atLeast: 1 } } : { minSourceShare: 0 },
            desired,
            snapshot,
            sources: [{ source: 'hydra', read: new Set(want.map((s) => s.id)).size }],
          };
          const sifter = new SnapshotSifter(KINDS, desired, secrets);
          for (let i = 0; i < snapshot.length; i += chunk) sifter.add(snapshot.slice(i, i + chunk));
          const s = sifter.result();
          // The same rows unparsed: the same sift, whatever was told by text.
          const byText = new SnapshotSifter(KINDS, desired, secrets);
          for (let i = 0; i < snapshot.length; i += chunk) byText.addRows('smarty', snapshot.slice(i, i + chunk).map(loadedRowOf));
          const t = byText.result();
          expect({ ...t, unchanged: t.unchanged.size, parsedRows: 0 }).toEqual({ ...s, unchanged: s.unchanged.size, parsedRows: 0 });
          expect(t.parsedRows).toBeLessThanOrEqual(s.parsedRows);
          const common = { skipped: [], overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: 't', secrets };
          const whole = buildPlan({ ...common, targets: [base] });
          const sifted = buildPlan({ ...common, targets: [{ ...base, desired: s.desired, snapshot: s.kept, sifted: { summary: s.summary, unchanged: s.unchanged, claimedTwice: s.claimedTwice } }] });
          expect(sifted).toEqual(whole);
          // Every row is either kept or dropped for exactly one unchanged desired entity.
          expect(s.kept.length + s.unchanged.size).toBe(s.summary.size);
          // The sifted desired state is the given one, in order, unchanged entities outlined:
          // same identity, parent and origin, no attributes or sets.
          expect(s.desired.length).toBe(desired.length);
          for (const [i, e] of s.desired.entries()) {
            const d = desired[i]!;
            if (!s.unchanged.has(e)) expect(e).toBe(d);
            else expect(e).toEqual({ target: d.target, kind: d.kind, key: d.key, attrs: {}, sets: {}, ...(d.parent ? { parent: d.parent } : {}), ...(d.origin ? { origin: d.origin } : {}) });
          }
        },
      ),
      { numRuns: 400, seed: 1515 },
    );
  });

  it('drops equal rows and keeps the rest, across chunk boundaries', () => {
    const subs: Sub[] = Array.from({ length: 10 }, (_, i) => ({ id: i + 1, owner: 0, active: true, tariffs: [1], name: 0, password: 1, legacy: false }));
    const desired = subs.flatMap(desiredOf);
    const snapshot = subs.flatMap(storedOf);
    // Subscriber 3 changed its name, subscriber 11 is gone from the source, 4 holds a legacy digest.
    desired[4] = { ...desired[4]!, attrs: { lastname: 'changed' } };
    snapshot.push(...storedOf({ id: 11, owner: 0, active: true, tariffs: [], name: 0, password: 1, legacy: false }));
    snapshot[6] = storedOf({ ...subs[3]!, legacy: true })[0]!;
    snapshot[7] = storedOf({ ...subs[3]!, legacy: true })[1]!;
    const sifter = new SnapshotSifter(KINDS, desired, secrets);
    for (let i = 0; i < snapshot.length; i += 3) sifter.add(snapshot.slice(i, i + 3));
    const { kept, unchanged, summary } = sifter.result();
    expect(kept.map((r) => r.key).sort()).toEqual(['1004', '1011', '11', '3']);
    expect(unchanged.size).toBe(18);
    expect(summary).toEqual({ size: 22, members: 10, originsBySource: new Map([['hydra', 11]]), withoutOrigin: 0 });

    // Unparsed, only the four kept rows are parsed: the eighteen equal ones go by their text.
    const byText = new SnapshotSifter(KINDS, desired, secrets);
    for (let i = 0; i < snapshot.length; i += 3) byText.addRows('smarty', snapshot.slice(i, i + 3).map(loadedRowOf));
    const t = byText.result();
    expect(t.kept).toEqual(kept);
    expect(t.summary).toEqual(summary);
    expect(t.parsedRows).toBe(4);
  });

  it('parses a row whose text differs but whose values are equal, and still drops it', () => {
    const sub1: Sub = { id: 1, owner: 0, active: true, tariffs: [1, 2], name: 0, password: 1, legacy: false };
    const desired = desiredOf(sub1);
    const rows = storedOf({ ...sub1, reordered: true }).map(loadedRowOf);
    const sifter = new SnapshotSifter(KINDS, desired, secrets);
    sifter.addRows('smarty', rows);
    const r = sifter.result();
    expect(r.kept).toEqual([]);
    expect(r.unchanged.size).toBe(2);
    // The customer has one attribute: reversed, its text is the same; the account's is not.
    expect(r.parsedRows).toBe(1);
  });
});
