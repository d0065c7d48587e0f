/**
 * Hydra → Smarty end to end in a strict world (the Smarty emulator answers only what the docs
 * document: no ext_id, no names) and in a lenient one (every lenient switch on): the same plan
 * applies, a second apply writes nothing, a refresh finds nothing to do, and `check()` tells
 * which world it is in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { silentLogger } from '../../src/util/logger.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

describe.each([
  ['strict', false, ['ok', 'fallback', 'ok']],
  ['lenient', true, ['ok', 'ok', 'ok']],
] as const)('Hydra → Smarty in a %s world', (_name, lenient, checks) => {
  let world: EmulatedWorld;
  let rt: Runtime;

  beforeAll(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 30, seed: 11, smarty: { lenient } });
    rt = await openRuntime(await loadConfig(world.config, world.env), { logger: silentLogger() });
  });

  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  it('applies, then writes nothing again and finds nothing to repair', async () => {
    const first = await makePlan(rt);
    const result = await applyPlan(rt, first.plan, { snapshots: first.snapshots });
    expect(result.failed).toEqual([]);
    world.smarty.resetStats();
    const second = await makePlan(rt);
    expect(second.plan.ops).toEqual([]);
    const refreshed = await makePlan(rt, { refresh: true });
    expect(refreshed.plan.ops).toEqual([]);
    expect(refreshed.plan.drift ?? []).toEqual([]);
    expect(world.smarty.stats().writes).toBe(0);
  });

  it('block and unblock keep flags the mapping does not manage', async () => {
    const account = [...world.smarty.state.accounts.values()][0]!;
    account.flags.use_timeshift = true;
    const smarty = rt.targets.get('smarty')!;
    const entity = { target: 'smarty', kind: 'account', key: String(account.abonement), attrs: { active: false, status_reason: 'DEBT' }, sets: {} };
    await smarty.execute({ seq: 1, target: 'smarty', kind: 'account', key: entity.key, after: [], type: 'block', changes: [], entity }, { remoteIdOf: () => null });
    expect(account.flags).toMatchObject({ active: false, use_timeshift: true });
  });

  it('check() reports the world it is in', async () => {
    const results = await rt.targets.get('smarty')!.check!();
    expect(results.map((r) => r.status)).toEqual(checks);
  });
});
