import { describe, expect, it } from 'vitest';
import { buildPlan, GONE_KEPT, type PlanTargetInput } from '../../../src/plan/plan.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';

const origin = (id: string) => ({ source: 'hydra', id });
const customer = (id: string): Entity => ({ target: 'smarty', kind: 'customer', key: id, attrs: { lastname: `L${id}` }, sets: { tariffs: [] }, origin: origin(id) });
const account = (id: string, abonement: string): Entity => ({
  target: 'smarty', kind: 'account', key: abonement, attrs: { active: true }, sets: {}, parent: { kind: 'customer', key: id }, origin: origin(id),
});
const device = (id: string, abonement: string, mac: string): Entity => ({
  target: 'smarty', kind: 'device', key: mac, attrs: { system_name: 'mag' }, sets: {}, parent: { kind: 'account', key: abonement }, origin: origin(id),
});
const payment = (id: string, key: string, date = '2026-01-01T10:00:00Z'): Entity => ({
  target: 'smarty', kind: 'transaction', key, attrs: { amount: '100.00', date, comment: null, processed: true }, sets: {}, parent: { kind: 'customer', key: id }, origin: origin(id),
});
const snap = (e: Entity): SnapshotEntity => ({ ...e, remoteId: `r-${e.key}`, hash: entityHash(e) });

function plan(desired: Entity[], snapshot: SnapshotEntity[], extra: Partial<PlanTargetInput> = {}, read = 2) {
  return buildPlan({
    targets: [{ target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0.5 }, desired, snapshot, sources: [{ source: 'hydra', read }], ...extra }],
    skipped: [], overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: '2026-01-01T00:00:00Z',
  });
}
const brief = (p: ReturnType<typeof plan>) => p.ops.map((o) => `${o.seq} ${o.type} ${o.kind}/${o.key} after[${o.after.join(',')}]`);

const MAC = '00:1a:79:00:00:01';
const base = [customer('1'), account('1', '100'), customer('2'), account('2', '200')];

describe('devices that move between accounts', () => {
  it('removes the device from the old account, then adds it to the new one, the add waiting for the remove', () => {
    const p = plan([...base, device('2', '200', MAC)], [...base, device('1', '100', MAC)].map(snap));
    expect(brief(p)).toEqual([`1 delete device/${MAC} after[]`, `2 create device/${MAC} after[1]`]);
    expect(p.ops[0]).toMatchObject({ type: 'delete', before: { parent: { key: '100' } } });
    expect(p.ops[1]).toMatchObject({ type: 'create', entity: { parent: { key: '200' } } });
  });

  it('waits for the new account to be created when it is new too', () => {
    const p = plan([customer('1'), account('1', '100'), customer('3'), account('3', '300'), device('3', '300', MAC)], [customer('1'), account('1', '100'), device('1', '100', MAC)].map(snap), {}, 2);
    const created = p.ops.find((o) => o.type === 'create' && o.kind === 'account')!;
    const removed = p.ops.find((o) => o.type === 'delete' && o.kind === 'device')!;
    const added = p.ops.find((o) => o.type === 'create' && o.kind === 'device')!;
    expect(added.after).toEqual(expect.arrayContaining([removed.seq, created.seq]));
    expect(removed.seq).toBeLessThan(added.seq);
  });

  it('counts the removal under the safety gates: over the delete cap, remove and add are held back together', () => {
    const p = plan([...base, device('2', '200', MAC)], [...base, device('1', '100', MAC)].map(snap), { safety: { minSourceShare: 0.5, maxDeletes: { count: 0 } } });
    expect(p.ops).toEqual([]);
    expect(p.summary.heldBack).toBe(2);
  });

  it('leaves a device a skipped subscriber holds where it is, and skips the claimant with the reason', () => {
    const p = buildPlan({
      targets: [{ target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0.5 }, desired: [customer('2'), account('2', '200'), device('2', '200', MAC)], snapshot: [...base, device('1', '100', MAC)].map(snap), sources: [{ source: 'hydra', read: 2 }] }],
      skipped: [{ source: 'hydra', id: '1', target: 'smarty', reason: 'bad data' }], overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: '2026-01-01T00:00:00Z',
    });
    expect(p.ops).toEqual([]);
    expect(p.skipped.map((s) => s.id)).toEqual(['1', '2']);
    expect(p.skipped[1]!.reason).toMatch(/stays where it is/);
  });

  it('skips both subscribers when two list the same device (never takes it from either)', () => {
    const p = plan([...base, device('1', '100', MAC), device('2', '200', MAC)], base.map(snap));
    expect(p.ops.filter((o) => o.kind === 'device')).toEqual([]);
    expect(p.skipped.map((s) => s.id).sort()).toEqual(['1', '2']);
  });
});

describe('transactions (keepWhenGone)', () => {
  it('creates a payment once; a repeat plan with it in the snapshot plans nothing', () => {
    const d = [customer('1'), payment('1', 'p-1')];
    expect(brief(plan(d, []))).toEqual(['1 create customer/1 after[]', '2 create transaction/p-1 after[1]']);
    expect(plan(d, d.map(snap)).ops).toEqual([]);
  });

  it('keeps a payment that left the source and reports it, unless the target policy deletes', () => {
    const before = [customer('1'), payment('1', 'p-1')].map(snap);
    const kept = plan([customer('1')], before);
    expect(kept.ops).toEqual([]);
    expect(kept.notices).toEqual([{ source: 'hydra', id: '1', target: 'smarty', message: GONE_KEPT, detail: "transaction 'p-1'" }]);
    const deleted = plan([customer('1')], before, { gonePolicy: () => 'delete' });
    expect(brief(deleted)).toEqual(['1 delete transaction/p-1 after[]']);
  });
});
