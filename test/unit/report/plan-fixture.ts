/**
 * A small but realistic Smarty plan for report tests, built by the real planner: creates
 * (with a secret), updates, a block and an unblock, tariff member ops, deletes, a skipped
 * subscriber, and deletes held back on a second target by safety.max_deletes.
 */
import { buildPlan } from '../../../src/plan/plan.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import type { Plan } from '../../../src/model/plan.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';

export const KINDS = { smarty: SMARTY_KINDS, smarty_b: SMARTY_KINDS };

const origin = (id: string) => ({ source: 'hydra', id });

export const customer = (id: string, tariffs: string[], attrs: Entity['attrs'] = { lastname: `L${id}` }, target = 'smarty'): Entity => ({
  target, kind: 'customer', key: id, attrs, sets: { tariffs }, origin: origin(id),
});

export const account = (id: string, abonement: string, active = true, extra: Entity['attrs'] = {}, target = 'smarty'): Entity => ({
  target, kind: 'account', key: abonement, attrs: { active, status_reason: active ? 'ACTIVE' : 'DEBT', ...extra },
  sets: {}, parent: { kind: 'customer', key: id }, origin: origin(id),
});

export const snap = (e: Entity): SnapshotEntity => ({ ...e, remoteId: `r-${e.key}`, hash: entityHash(e) });

/** The realistic two-target plan described above. */
export function realisticPlan(): Plan {
  const desired = [
    customer('1', ['2', '3'], { lastname: 'Петров', email: null }),
    account('1', '100', true, { password: 424242 }),
    customer('2', ['3'], { lastname: 'Сидорова' }),
    account('2', '200', false),
    customer('3', ['2']),
    account('3', '300', true),
  ];
  const snapshot = [
    customer('2', ['2'], { lastname: 'Сидорова-Ким' }),
    account('2', '200', true),
    customer('3', ['2']),
    account('3', '300', false),
    customer('4', ['2']),
    account('4', '400'),
  ].map(snap);
  const other = [customer('5', ['2'], undefined, 'smarty_b'), customer('6', ['3'], undefined, 'smarty_b')].map(snap);
  return buildPlan({
    targets: [
      { target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0.5 }, desired, snapshot, sources: [{ source: 'hydra', read: 4 }] },
      {
        target: 'smarty_b', kinds: SMARTY_KINDS, safety: { minSourceShare: 0.5, maxDeletes: { count: 1 } },
        desired: [], snapshot: other, sources: [{ source: 'hydra', read: 4 }],
      },
    ],
    skipped: [{ source: 'hydra', id: '9', target: 'smarty', reason: "account key 'ЛС-9' is not numeric" }],
    overrides: {},
    configHash: '0123456789abcdef0123',
    snapshotHashes: { smarty: 'aaaa', smarty_b: 'bbbb' },
    createdAt: '2026-01-01T00:00:00.000Z',
  });
}
