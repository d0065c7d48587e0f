/**
 * `impact` and `plan` agree: with the configuration unchanged, the data half of `impact`
 * holds exactly the ops `plan` holds — every target policy applied (Smotreshka's blocking,
 * e-mail case), the same skips and held-back sets — for every pair shipped in mappings/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { impactOf } from '../../src/engine/impact.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { shippedPairs } from '../../src/demo/example-config.js';
import { playBillingChanges } from '../../src/demo/billing-changes.js';
import { playLanbillingChanges } from '../../src/demo/lanbilling-changes.js';
import { playUsersideChanges } from '../../src/demo/userside-changes.js';
import type { Op } from '../../src/model/op.js';
import type { Plan } from '../../src/model/plan.js';
import { silentLogger } from '../../src/util/logger.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const PAIRS = await shippedPairs();

/** An op without its position: two plans of one state list the same ops, maybe numbered apart. */
const brief = (op: Op): string => `${op.target} ${op.type} ${op.kind}/${op.key}${'member' in op ? ` ${op.member}` : ''}${'changes' in op ? ` ${JSON.stringify(op.changes)}` : ''}`;
const held = (p: Plan) => p.heldBack.map((h) => `${h.target} ${h.rule} ${h.ops}`).sort();

describe.each(PAIRS)('impact equals plan: %s', (pair) => {
  let world: EmulatedWorld;
  let rt: Runtime;

  beforeAll(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 40, vgroups: 50, seed: 31, pairs: [pair] });
    rt = await openRuntime(await loadConfig(world.config, world.env), { logger: silentLogger() });
    const first = await makePlan(rt);
    await applyPlan(rt, first.plan, { snapshots: first.snapshots });
    // A day of billing changes, so the data half has work of every kind (blocks included).
    const now = new Date();
    if (pair.startsWith('hydra-')) playBillingChanges(world.hydra, now);
    else if (pair.startsWith('lanbilling-')) playLanbillingChanges(world.lanbilling, now);
    else playUsersideChanges(world.userside);
  }, 120_000);

  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  it('lists the same ops, skips and held-back sets', async () => {
    const made = await makePlan(rt);
    const impact = await impactOf(rt, rt.config);
    expect(impact.mapping.ops).toEqual([]);
    expect(impact.data.ops.map(brief).sort()).toEqual(made.plan.ops.map(brief).sort());
    expect(held(impact.data)).toEqual(held(made.plan));
    expect(impact.data.skipped.map((s) => `${s.target} ${s.source}:${s.id}`).sort()).toEqual(made.plan.skipped.map((s) => `${s.target} ${s.source}:${s.id}`).sort());
    expect(made.plan.ops.length).toBeGreaterThan(0);
  }, 120_000);
});
