import { describe, expect, it } from 'vitest';
import { buildPlan, type PlanTargetInput } from '../../../src/plan/plan.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';

const origin = (id: string) => ({ source: 'hydra', id });
const customer = (id: string, tariffs: string[], attrs: Entity['attrs'] = { lastname: `L${id}` }): Entity => ({
  target: 'smarty', kind: 'customer', key: id, attrs, sets: { tariffs }, origin: origin(id),
});
const account = (id: string, abonement: string, active = true): Entity => ({
  target: 'smarty', kind: 'account', key: abonement, attrs: { active, status_reason: active ? 'ACTIVE' : 'DEBT' },
  sets: {}, parent: { kind: 'customer', key: id }, origin: origin(id),
});
const snap = (e: Entity): SnapshotEntity => ({ ...e, remoteId: `r-${e.key}`, hash: entityHash(e) });

function plan(desired: Entity[], snapshot: SnapshotEntity[], extra: Partial<PlanTargetInput> = {}, read = desired.length) {
  return buildPlan({
    targets: [{
      target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0.5 }, desired, snapshot,
      sources: [{ source: 'hydra', read }], ...extra,
    }],
    skipped: [], overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: '2026-01-01T00:00:00Z',
  });
}

const brief = (p: ReturnType<typeof plan>) =>
  p.ops.map((o) => `${o.seq} ${o.type} ${o.kind}/${o.key}${'member' in o ? ` ${o.member}` : ''} after[${o.after.join(',')}]`);

describe('buildPlan', () => {
  it('creates parents before children, then adds members, with dependencies', () => {
    const p = plan([customer('7', ['3', '2']), account('7', '700')], []);
    expect(brief(p)).toEqual([
      '1 create customer/7 after[]',
      '2 create account/700 after[1]',
      '3 add_member customer/7 3 after[1]',
      '4 add_member customer/7 2 after[3]',
    ]);
    expect(p.summary.byTarget.smarty).toEqual({ create: 2, add_member: 2 });
  });

  it('plans nothing when desired equals the snapshot', () => {
    const d = [customer('7', ['2']), account('7', '700')];
    expect(plan(d, d.map(snap)).ops).toEqual([]);
  });

  it('adds the new tariff before removing the old one', () => {
    const p = plan([customer('7', ['3'])], [snap(customer('7', ['2']))]);
    expect(brief(p)).toEqual(['1 add_member customer/7 3 after[]', '2 remove_member customer/7 2 after[1]']);
  });

  it('classifies a change of the block attribute as block / unblock', () => {
    const blocked = plan([account('7', '700', false)], [snap(account('7', '700', true))]);
    expect(blocked.ops[0]).toMatchObject({
      type: 'block',
      changes: [
        { attr: 'active', before: true, after: false },
        { attr: 'status_reason', before: 'ACTIVE', after: 'DEBT' },
      ],
    });
    const unblocked = plan([account('7', '700', true)], [snap(account('7', '700', false))]);
    expect(unblocked.ops[0]?.type).toBe('unblock');
  });

  it('never plans an update for a create-only attribute', () => {
    const a = account('7', '700');
    const withPassword: Entity = { ...a, attrs: { ...a.attrs, password: 1234 } };
    expect(plan([withPassword], [snap({ ...a, attrs: { ...a.attrs, password: 9999 } })]).ops).toEqual([]);
  });

  it('deletes children before parents', () => {
    const p = plan([customer('1', [])], [snap(customer('1', [])), snap(customer('7', [])), snap(account('7', '700'))], {}, 1);
    expect(brief(p)).toEqual(['1 delete account/700 after[]', '2 delete customer/7 after[1]']);
  });

  it('holds back deletes and blocks when the source shrank below the share', () => {
    const snapshot = ['1', '2', '3', '4'].map((id) => snap(customer(id, [])));
    const p = plan([customer('1', [])], snapshot, {}, 1);
    expect(p.ops).toEqual([]);
    expect(p.heldBack).toHaveLength(1);
    expect(p.heldBack[0]).toMatchObject({ rule: 'source_shrink', ops: 3 });
    expect(p.heldBack[0]?.message).toContain('--allow-shrink');
  });

  it('holds back everything destructive when the source returned nothing', () => {
    const p = plan([], [snap(customer('1', []))], {}, 0);
    expect(p.ops).toEqual([]);
    expect(p.heldBack[0]?.rule).toBe('source_shrink');
  });

  it('caps deletes per run', () => {
    const snapshot = ['1', '2', '3', '4', '5'].map((id) => snap(customer(id, [])));
    const desired = ['1', '2', '3'].map((id) => customer(id, []));
    const p = plan(desired, snapshot, { safety: { minSourceShare: 0.5, maxDeletes: { count: 1 } } });
    expect(p.ops).toEqual([]);
    expect(p.heldBack[0]).toMatchObject({ rule: 'delete_limit', ops: 2 });
  });

  it('leaves the entities of skipped subscribers alone', () => {
    const p = buildPlan({
      targets: [{
        target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0 }, desired: [],
        snapshot: [snap(customer('9', ['2']))], sources: [{ source: 'hydra', read: 1 }],
      }],
      skipped: [{ source: 'hydra', id: '9', target: 'smarty', reason: 'service 17 has no tariff' }],
      overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: 'now',
    });
    expect(p.ops).toEqual([]);
    expect(p.skipped).toHaveLength(1);
  });

  it('restricts a one-subscriber plan to that subscriber', () => {
    const p = buildPlan({
      targets: [{
        target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0.5 },
        desired: [customer('1', ['2'])], snapshot: [snap(customer('5', []))], sources: [{ source: 'hydra', read: 1 }],
      }],
      skipped: [], onlyOrigins: new Set(['hydra:1']),
      overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: 'now',
    });
    expect(brief(p)).toEqual(['1 create customer/1 after[]', '2 add_member customer/1 2 after[1]']);
  });

  it('skips both subscribers of a key conflict whole: no account of theirs is deleted (H1)', () => {
    // Hydra 100008 was given 100007's account number: both map to account 70100007.
    const snapshot = [customer('100007', []), account('100007', '70100007'), customer('100008', []), account('100008', '70100008')].map(snap);
    const desired = [customer('100007', []), account('100007', '70100007'), customer('100008', []), account('100008', '70100007')];
    const p = plan(desired, snapshot, {}, 2);
    expect(p.ops).toEqual([]);
    expect(p.skipped.map((s) => s.id).sort()).toEqual(['100007', '100008']);
    expect(p.skipped[0]?.reason).toContain("account '70100007' is claimed by this subscriber and by hydra:");
  });

  it('keeps the first of two declared entities on one key and refuses the repeat, also past a subscriber on that key', () => {
    // Declared (inventory) entities have no subscriber to skip: the first on a key is planned,
    // a later one is a conflict; a subscriber claiming the key is skipped whole in between.
    const declared = (lastname: string): Entity => ({ target: 'smarty', kind: 'customer', key: '5', attrs: { lastname }, sets: { tariffs: [] } });
    const p = plan([customer('5', []), declared('first'), declared('second'), declared('third'), customer('6', [])], []);
    expect(brief(p)).toEqual(['1 create customer/5 after[]', '2 create customer/6 after[]']);
    expect(p.ops[0]).toMatchObject({ entity: { attrs: { lastname: 'first' } } });
    expect(p.skipped.map((s) => s.id)).toEqual(['5', '5', '5']);
    expect(p.skipped.filter((s) => s.reason.startsWith('two subscribers map to customer'))).toHaveLength(2);
  });
});
