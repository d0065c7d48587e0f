/**
 * Deletes, blocks and removals are confirmed by a point read of the subscriber: when the bulk
 * read lost a subscriber (or saw it blocked, or without a tariff) but reading that subscriber
 * again says otherwise, nothing of theirs is changed this run — the subscriber is skipped with
 * the reason and a notice. The plan counts the point reads.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { DISAGREES } from '../../src/engine/confirm-destructive.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import type { Subscriber } from '../../src/model/subscriber.js';
import type { ReadOptions, Source } from '../../src/sources/source.js';
import { silentLogger } from '../../src/util/logger.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

/** The source as a bulk read that goes wrong in `edit` would see it; point reads stay true. */
function distorted(source: Source, edit: (batch: readonly Subscriber[]) => readonly Subscriber[]): Source {
  return {
    type: source.type,
    name: source.name,
    async *read(opts?: ReadOptions) {
      // The distortion is silent: the read claims to be complete, as a buggy server would make it.
      for await (const batch of source.read({})) yield edit(batch);
      opts?.onCompleteness?.({ complete: true, proof: 'test: claimed complete' });
    },
    readOne: (id) => source.readOne(id),
    close: () => source.close(),
  };
}

describe('point reads confirm destruction', () => {
  let world: EmulatedWorld;
  let rt: Runtime;
  beforeEach(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 40, seed: 23 });
    rt = await openRuntime(await loadConfig(world.config, world.env), { logger: silentLogger() });
    const first = await makePlan(rt);
    await applyPlan(rt, first.plan, { snapshots: first.snapshots });
  }, 60_000);
  afterEach(async () => {
    await rt?.close();
    await world?.close();
  });

  const withSource = (source: Source): Runtime => ({ ...rt, sources: new Map([['hydra', source]]) });

  it('drops the delete of a subscriber the bulk read lost but the point read finds', async () => {
    const lost = world.hydra.state.all().find((c) => c.stateId === SUBJ_STATE.on && /^\d+$/.test(c.account))!;
    const made = await makePlan(withSource(distorted(rt.sources.get('hydra')!, (b) => b.filter((s) => s.id !== String(lost.id)))));
    expect(made.plan.ops.filter((o) => o.type === 'delete')).toEqual([]);
    expect(made.plan.skipped).toContainEqual(expect.objectContaining({ id: String(lost.id), target: 'smarty', reason: expect.stringContaining(DISAGREES) }));
    expect(made.plan.notices).toContainEqual(expect.objectContaining({ id: String(lost.id), message: DISAGREES }));
    expect(made.plan.summary.pointReads).toBe(1);
  });

  it('keeps the delete of a subscriber who really left, after one point read', async () => {
    const gone = world.hydra.state.all().find((c) => c.stateId === SUBJ_STATE.on && /^\d+$/.test(c.account))!;
    world.hydra.state.removeCustomer(gone.id);
    const made = await makePlan(rt);
    expect(made.plan.ops.filter((o) => o.type === 'delete').map((o) => o.key).sort()).toEqual([gone.account, String(gone.id)].sort());
    expect(made.plan.summary.pointReads).toBe(1);
    expect(made.plan.skipped.filter((s) => s.reason.includes(DISAGREES))).toEqual([]);
  });

  it('drops a block the bulk read saw but the point read does not', async () => {
    const payer = world.hydra.state.all().find((c) => c.stateId === SUBJ_STATE.on && /^\d+$/.test(c.account))!;
    const made = await makePlan(withSource(distorted(rt.sources.get('hydra')!, (b) => b.map((s) => (s.id === String(payer.id) ? { ...s, status: 'blocked_debt' } : s)))));
    expect(made.plan.ops.filter((o) => o.type === 'block')).toEqual([]);
    expect(made.plan.skipped).toContainEqual(expect.objectContaining({ id: String(payer.id), reason: expect.stringContaining('is not blocked') }));
  });
});
