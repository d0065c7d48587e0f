/**
 * Every destructive op class is gated (DESIGN rule 5): deletes, blocks, lost tariffs /
 * subscriptions / rights, blocks realised as removals; reads not proved complete plan nothing
 * destructive; a held-back set is approvable by its hash and by nothing else.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan, type PlanTargetInput } from '../../../src/plan/plan.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import { heldBySafety } from '../../../src/model/plan.js';
import type { SafetyOverrides } from '../../../src/plan/safety.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { SMOTRESHKA_KINDS } from '../../../src/targets/smotreshka/kinds.js';

const customer = (id: string, tariffs: string[]): Entity => ({
  target: 'smarty', kind: 'customer', key: id, attrs: { lastname: `L${id}` }, sets: { tariffs }, origin: { source: 'hydra', id },
});
const tvAccount = (id: string, subscriptions: string[]): Entity => ({
  target: 'tv', kind: 'account', key: `u${id}`, attrs: { email: `${id}@x` }, sets: { subscriptions }, origin: { source: 'lb', id },
});
const snap = (e: Entity): SnapshotEntity => ({ ...e, remoteId: `r-${e.key}`, hash: entityHash(e) });
const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));

function plan(target: Partial<PlanTargetInput> & Pick<PlanTargetInput, 'desired' | 'snapshot'>, overrides: SafetyOverrides = {}) {
  return buildPlan({
    targets: [{ target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0.5 }, sources: [{ source: 'hydra', read: target.desired.length }], ...target }],
    skipped: [], overrides, configHash: 'c', snapshotHashes: {}, createdAt: 'now',
  });
}

describe('destructive gates', () => {
  it('holds back a mass tariff loss (a mapping that emptied the tariff table) under the default cap', () => {
    const snapshot = ids(50).map((id) => snap(customer(id, ['1', '2'])));
    const desired = ids(50).map((id) => customer(id, []));
    const p = plan({ desired, snapshot });
    expect(p.ops).toEqual([]);
    expect(p.heldBack).toEqual([expect.objectContaining({ rule: 'removal_limit', ops: 100 })]);
    expect(p.heldBack[0]!.message).toContain('max_removals');
    expect(heldBySafety(p)).toBe(100);
    expect(p.summary.heldBySafety).toBe(100);
    expect(p.heldHashes?.smarty).toMatch(/^[0-9a-f]{16}$/);
  });

  it('lets a few tariff switches through: adds go, and removals under the cap', () => {
    const snapshot = ids(50).map((id) => snap(customer(id, ['1'])));
    const desired = ids(50).map((id) => customer(id, id === '3' ? ['2'] : ['1']));
    const p = plan({ desired, snapshot });
    expect(p.ops.map((o) => o.type)).toEqual(['add_member', 'remove_member']);
    expect(p.heldBack).toEqual([]);
  });

  it('counts a block realised as removals as a block: held under max_blocks with its removals', () => {
    const snapshot = ids(50).map((id) => snap(tvAccount(id, ['a', 'b'])));
    const desired = ids(50).map((id) => tvAccount(id, []));
    const p = buildPlan({
      targets: [{
        target: 'tv', kinds: SMOTRESHKA_KINDS, safety: { minSourceShare: 0.5, maxBlocks: { percent: 10 }, maxRemovals: { count: 1000 } },
        desired, snapshot, sources: [{ source: 'lb', read: 50 }],
        blockedByRemoval: new Set(ids(50).map((id) => `account\u0000u${id}`)),
      }],
      skipped: [], overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: 'now',
    });
    expect(p.ops).toEqual([]);
    expect(p.heldBack).toEqual([expect.objectContaining({ rule: 'block_limit', ops: 100 })]);
    expect(p.heldBack[0]!.message).toContain('50 block(s)');
  });

  it('plans nothing destructive for a source whose read was not proved complete; creates and updates go on', () => {
    const snapshot = ids(20).map((id) => snap(customer(id, ['1'])));
    const desired = [...ids(19).map((id) => customer(id, id === '2' ? ['1', '5'] : ['1'])), customer('99', ['1'])];
    const p = plan({ desired, snapshot, sources: [{ source: 'hydra', read: 20, incomplete: 'page 2 came back short twice' }] });
    expect(p.ops.map((o) => `${o.type} ${o.key}`)).toEqual(['create 99', 'add_member 2', 'add_member 99']);
    expect(p.heldBack).toEqual([expect.objectContaining({ rule: 'incomplete_read', ops: 1 })]);
    expect(p.heldBack[0]!.message).toContain('page 2 came back short twice');
  });

  it('applies a held-back set when the operator approved exactly its hash, and only then', () => {
    const snapshot = ids(50).map((id) => snap(customer(id, ['1', '2'])));
    const desired = ids(50).map((id) => customer(id, []));
    const held = plan({ desired, snapshot });
    const hash = held.heldHashes!.smarty!;
    const approved = plan({ desired, snapshot }, { approved: { smarty: hash } });
    expect(approved.ops).toHaveLength(100);
    expect(approved.heldBack).toEqual([]);

    // One more subscriber loses a tariff since: the set moved, the approval no longer fits.
    const moved = plan({ desired: [...desired, customer('51', [])], snapshot: [...snapshot, snap(customer('51', ['1']))] }, { approved: { smarty: hash } });
    expect(moved.ops).toEqual([]);
    expect(moved.heldHashes!.smarty).not.toBe(hash);
  });

  it('counts excluded and in-use ops as held back but not as held by safety', () => {
    expect(heldBySafety({ heldBack: [{ target: 't', rule: 'excluded', message: '', ops: 3 }, { target: 't', rule: 'in_use', message: '', ops: 2 }] })).toBe(0);
  });
});
