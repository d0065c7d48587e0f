/**
 * The shrink gate over config-declared entities: an inventory that vanished or was cut by more
 * than the target's min_source_share deletes nothing without --allow-shrink.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/plan/plan.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import { SMARTYARD_KINDS } from '../../../src/targets/smartyard/kinds.js';

const camera = (key: string): Entity => ({
  target: 'yard', kind: 'device', key, attrs: { device_type: 1, title: key, is_active: true }, sets: {},
});
const snap = (e: Entity): SnapshotEntity => ({ ...e, remoteId: `d-${e.key}`, hash: entityHash(e) });

function plan(desired: Entity[], snapshot: SnapshotEntity[], allowShrink = false) {
  return buildPlan({
    targets: [{ target: 'yard', kinds: SMARTYARD_KINDS, safety: { minSourceShare: 0.5 }, desired, snapshot, sources: [{ source: 'us', read: 10 }] }],
    skipped: [], overrides: { allowShrink }, configHash: 'c', snapshotHashes: {}, createdAt: '2026-01-01T00:00:00Z',
  });
}

describe('shrink gate over config-declared entities', () => {
  const all = ['cam-1', 'cam-2', 'cam-3', 'cam-4'].map(camera);

  it('holds back every delete when the inventory is gone, naming the rule and the override', () => {
    const p = plan([], all.map(snap));
    expect(p.ops).toEqual([]);
    expect(p.heldBack).toHaveLength(1);
    expect(p.heldBack[0]).toMatchObject({ rule: 'source_shrink', ops: 4 });
    expect(p.heldBack[0]?.message).toContain('the configuration returned 0 declared entities (inventory) but the snapshot holds 4');
    expect(p.heldBack[0]?.message).toContain('--allow-shrink');
  });

  it('holds back when more than half is cut at once, lets a smaller cut through', () => {
    expect(plan([all[0]!], all.map(snap)).heldBack[0]?.rule).toBe('source_shrink');
    const small = plan(all.slice(0, 3), all.map(snap));
    expect(small.heldBack).toEqual([]);
    expect(small.ops.map((o) => `${o.type} ${o.key}`)).toEqual(['delete cam-4']);
  });

  it('deletes with --allow-shrink', () => {
    expect(plan([], all.map(snap), true).ops).toHaveLength(4);
  });
});
