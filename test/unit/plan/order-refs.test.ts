/**
 * Ordering across kinds that point at each other: reference attributes (`AttrSpec.ref`) and
 * sets of another kind's keys (`SetSpec.memberKind`). Generic kinds, the SmartYard shape:
 * a `door` refers to two `device`s, a `rights` entity holds device keys.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/plan/plan.js';
import { orderOps } from '../../../src/plan/order.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import type { Op } from '../../../src/model/op.js';
import type { KindSpec } from '../../../src/model/kind.js';

const KINDS: readonly KindSpec[] = [
  // Declared referencing kinds first, so a name or declaration order cannot explain the result.
  { kind: 'a-door', keyType: 'string', attrs: { lock: { type: 'string', ref: 'device' }, cam: { type: 'string', ref: 'device' }, name: { type: 'string' } }, sets: {} },
  { kind: 'a-rights', keyType: 'integer', attrs: {}, sets: { devices: { memberType: 'string', memberKind: 'device' } } },
  { kind: 'device', keyType: 'string', attrs: { title: { type: 'string' } }, sets: {} },
];

const device = (key: string, title = key): Entity => ({ target: 'y', kind: 'device', key, attrs: { title }, sets: {} });
const door = (key: string, lock: string, cam: string, name = key): Entity => ({ target: 'y', kind: 'a-door', key, attrs: { lock, cam, name }, sets: {} });
const rights = (uid: string, devices: string[]): Entity => ({
  target: 'y', kind: 'a-rights', key: uid, attrs: {}, sets: { devices }, origin: { source: 'hydra', id: uid },
});
const snap = (e: Entity): SnapshotEntity => ({ ...e, remoteId: `r-${e.key}`, hash: entityHash(e) });

function plan(desired: Entity[], snapshot: SnapshotEntity[]): readonly Op[] {
  return buildPlan({
    targets: [{ target: 'y', kinds: KINDS, safety: { minSourceShare: 0 }, desired, snapshot, sources: [{ source: 'hydra', read: 1 }] }],
    skipped: [], overrides: { allowShrink: true } /* ordering, not the gate */, configHash: 'c', snapshotHashes: {}, createdAt: '2026-01-01T00:00:00Z',
  }).ops;
}

const brief = (ops: readonly Op[]) =>
  ops.map((o) => `${o.seq} ${o.type} ${o.kind}/${o.key}${'member' in o ? ` ${o.member}` : ''} after[${o.after.join(',')}]`);

/** Every dependency points at an earlier op (what excludeOps and readers of a plan rely on). */
function expectBackwards(ops: readonly Op[]): void {
  for (const o of ops) for (const a of o.after) expect(a, `op ${o.seq} waits for ${a}`).toBeLessThan(o.seq);
}

describe('orderOps with references and member kinds', () => {
  it("creates a door after both of its devices' creates", () => {
    const ops = plan([door('p1', 'p1:lock', 'p1'), device('p1'), device('p1:lock')], []);
    expect(brief(ops)).toEqual([
      '1 create device/p1 after[]',
      '2 create device/p1:lock after[]',
      '3 create a-door/p1 after[2,1]',
    ]);
  });

  it('adds a member only after the create of the entity it names, when that create is planned', () => {
    const ops = plan([rights('7', ['gate', 'p1']), device('p1'), device('gate')], [snap(device('gate'))]);
    expect(brief(ops)).toEqual([
      '1 create device/p1 after[]',
      '2 create a-rights/7 after[]',
      '3 add_member a-rights/7 gate after[2]',
      '4 add_member a-rights/7 p1 after[3,1]',
    ]);
  });

  it('deletes an entity only after every removal of it as a member and after the holders are deleted', () => {
    const snapshot = [device('gate'), device('p1'), rights('7', ['gate', 'p1']), rights('8', ['p1'])].map(snap);
    const ops = plan([device('gate'), rights('7', ['gate'])], snapshot);
    expect(brief(ops)).toEqual([
      '1 remove_member a-rights/7 p1 after[]',
      '2 delete a-rights/8 after[]',
      '3 delete device/p1 after[1,2]',
    ]);
  });

  it("deletes a referenced device after the door's delete", () => {
    const snapshot = [device('p1'), device('p1:lock'), door('p1', 'p1:lock', 'p1')].map(snap);
    const ops = plan([], snapshot);
    expect(brief(ops)).toEqual([
      '1 delete a-door/p1 after[]',
      '2 delete device/p1 after[1]',
      '3 delete device/p1:lock after[1]',
    ]);
  });

  it('repoints a door to a new device before deleting the old one', () => {
    const snapshot = [device('p1'), device('old-lock'), door('p1', 'old-lock', 'p1')].map(snap);
    const ops = plan([device('p1'), device('new-lock'), door('p1', 'new-lock', 'p1')], snapshot);
    expect(brief(ops)).toEqual([
      '1 create device/new-lock after[]',
      '2 update a-door/p1 after[1]',
      '3 delete device/old-lock after[2]',
    ]);
  });

  it('does not wait for entities that are not created in this plan', () => {
    const snapshot = [device('p1'), device('p1:lock'), door('p1', 'p1:lock', 'p1', 'old')].map(snap);
    const ops = plan([device('p1'), device('p1:lock'), door('p1', 'p1:lock', 'p1', 'new')], snapshot);
    expect(brief(ops)).toEqual(['1 update a-door/p1 after[]']);
  });

  it('keeps every dependency pointing backwards in a mixed plan', () => {
    const snapshot = [device('a'), device('b'), door('d1', 'a', 'b'), rights('1', ['a', 'b']), rights('2', ['a'])].map(snap);
    const desired = [device('c'), device('b'), door('d1', 'c', 'b'), door('d2', 'c', 'b'), rights('1', ['b', 'c']), rights('3', ['c'])];
    const ops = plan(desired, snapshot);
    expectBackwards(ops);
    const seqOf = (type: string, kind: string, key: string, member?: string) =>
      ops.find((o) => o.type === type && o.kind === kind && o.key === key && (member === undefined || ('member' in o && o.member === member)))!.seq;
    const deleteA = ops.find((o) => o.type === 'delete' && o.key === 'a')!;
    expect([...deleteA.after].sort((x, y) => x - y)).toEqual(
      [seqOf('update', 'a-door', 'd1'), seqOf('remove_member', 'a-rights', '1', 'a'), seqOf('delete', 'a-rights', '2')].sort((x, y) => x - y),
    );
    expect(ops.find((o) => o.type === 'create' && o.key === 'd2')!.after).toContain(seqOf('create', 'device', 'c'));
    expect(ops.find((o) => o.type === 'add_member' && o.key === '3')!.after).toContain(seqOf('create', 'device', 'c'));
  });

  it('leaves kinds without references ordered as before', () => {
    const plain: KindSpec[] = [{ kind: 'x', keyType: 'string', attrs: {}, sets: { s: { memberType: 'string' } } }];
    const ops = orderOps([{
      target: 't', kinds: plain,
      perEntity: [[
        { type: 'create', target: 't', kind: 'x', key: 'k', entity: { target: 't', kind: 'x', key: 'k', attrs: {}, sets: { s: [] } } },
        { type: 'add_member', target: 't', kind: 'x', key: 'k', set: 's', member: 'k' },
      ]],
    }]);
    expect(brief(ops)).toEqual(['1 create x/k after[]', '2 add_member x/k k after[1]']);
  });
});
