import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/plan/plan.js';
import { excludeOps } from '../../../src/plan/exclude.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Entity } from '../../../src/model/entity.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';

const origin = (id: string) => ({ source: 'hydra', id });
const customer = (id: string, tariffs: string[]): Entity => ({ target: 'smarty', kind: 'customer', key: id, attrs: { lastname: id }, sets: { tariffs }, origin: origin(id) });
const account = (id: string, active: boolean): Entity => ({
  target: 'smarty', kind: 'account', key: `7${id}`, attrs: { active }, sets: {}, parent: { kind: 'customer', key: id }, origin: origin(id),
});
const snap = (e: Entity) => ({ ...e, remoteId: null, hash: entityHash(e) });

const plan = buildPlan({
  targets: [{
    target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0 },
    // 1: new with two tariffs; 2: tariff switch + block; 3: gone
    desired: [customer('1', ['2', '3']), account('1', true), customer('2', ['3']), account('2', false)],
    snapshot: [snap(customer('2', ['2'])), snap(account('2', true)), snap(customer('3', []))],
    sources: [{ source: 'hydra', read: 2 }],
  }],
  skipped: [], overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: 'now',
});
const types = (p: typeof plan) => p.ops.map((o) => `${o.type} ${o.kind}/${o.key}`).sort();

describe('excludeOps', () => {
  it('--no-create drops creates and everything that hangs off them', () => {
    const p = excludeOps(plan, ['create']);
    expect(types(p)).toEqual(['add_member customer/2', 'block account/72', 'delete customer/3', 'remove_member customer/2']);
    expect(p.heldBack[0]).toMatchObject({ rule: 'excluded', ops: 4 });
  });

  it('--no-update keeps new entities whole but leaves existing ones alone', () => {
    const p = excludeOps(plan, ['update']);
    expect(types(p)).toEqual(['add_member customer/1', 'add_member customer/1', 'create account/71', 'create customer/1', 'delete customer/3']);
  });

  it('--no-delete drops deletes only, and the summary follows', () => {
    const p = excludeOps(plan, ['delete']);
    expect(p.ops.some((o) => o.type === 'delete')).toBe(false);
    expect(p.summary.total).toBe(plan.summary.total - 1);
    expect(excludeOps(plan, [])).toBe(plan);
  });
});
