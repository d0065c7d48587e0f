/** Deletes of entities that something the plan leaves in place still points at are held back. */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/plan/plan.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import type { SkippedSubscriber } from '../../../src/model/plan.js';
import { SMARTYARD_KINDS } from '../../../src/targets/smartyard/kinds.js';

const device = (key: string): Entity => ({ target: 'y', kind: 'device', key, attrs: { device_type: 1, title: key }, sets: {} });
const rights = (uid: string, devices: string[]): Entity => ({ target: 'y', kind: 'rights', key: uid, attrs: {}, sets: { devices }, origin: { source: 'hydra', id: uid } });
const snap = (e: Entity): SnapshotEntity => ({ ...e, remoteId: `r-${e.key}`, hash: entityHash(e) });

function plan(desired: Entity[], snapshot: SnapshotEntity[], skipped: SkippedSubscriber[] = []) {
  return buildPlan({
    targets: [{ target: 'y', kinds: SMARTYARD_KINDS, safety: { minSourceShare: 0 }, desired, snapshot, sources: [{ source: 'hydra', read: 2 }] }],
    skipped, overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: '2026-01-01T00:00:00Z',
  });
}
const brief = (p: ReturnType<typeof plan>) => p.ops.map((o) => `${o.type} ${o.kind}/${o.key}${'member' in o ? ` ${o.member}` : ''}`);

describe('deletes of entities still in use', () => {
  const snapshot = [device('gate'), device('p1'), rights('7', ['gate', 'p1']), rights('8', ['gate', 'p1'])].map(snap);

  it("holds back a device's delete while a skipped subscriber's rights still hold it", () => {
    const p = plan([device('gate'), rights('7', ['gate'])], snapshot, [{ source: 'hydra', id: '8', target: 'y', reason: 'bad data' }]);
    expect(brief(p)).toEqual(['remove_member rights/7 p1']);
    expect(p.heldBack).toEqual([{
      target: 'y', rule: 'in_use', ops: 1,
      message: "1 delete(s) held back: still in use by entities this plan leaves in place (e.g. device 'p1' by rights '8' (devices)), usually those of skipped subscribers. They go in the first plan where nothing points at them: fix the skipped subscribers' data.",
    }]);
    expect(p.summary.heldBack).toBe(1);
  });

  it('deletes it once nothing points at it', () => {
    const p = plan([device('gate'), rights('7', ['gate']), rights('8', ['gate'])], snapshot);
    expect(brief(p)).toEqual(['remove_member rights/7 p1', 'remove_member rights/8 p1', 'delete device/p1']);
    expect(p.heldBack).toEqual([]);
  });

  it('holds back the delete of a device a kept door refers to', () => {
    const door: Entity = { target: 'y', kind: 'door', key: 'd', attrs: { lock: 'lock', cam: 'p1' }, sets: {} };
    const p = plan([door, device('lock')], [device('p1'), device('lock'), door].map(snap));
    expect(brief(p)).toEqual([]);
    expect(p.heldBack.map((h) => h.rule)).toEqual(['in_use']);
  });
});
