/** `explain` against the emulators: rules, snapshot and live values for one entity. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { explainEntity } from '../../src/engine/explain-entity.js';
import { renderExplanation } from '../../src/report/explain.js';
import { silentLogger } from '../../src/util/logger.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { EXAMPLE_CONFIG } from '../../src/demo/example-config.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

describe('explain', () => {
  let world: EmulatedWorld;
  let rt: Runtime;

  beforeAll(async () => {
    // Names in customer/info are not documented: the strict emulator leaves them out, and a
    // live name is what this test reads back.
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 30, seed: 11, smarty: { customerProfile: true } });
    rt = await openRuntime(await loadConfig(EXAMPLE_CONFIG, world.env), { logger: silentLogger() });
    const made = await makePlan(rt);
    await applyPlan(rt, made.plan, { snapshots: made.snapshots });
  });

  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  it('names the subscriber, the rule and file:line of each field, with snapshot and live values', async () => {
    const c = world.hydra.state.all().find((x) => x.stateId === 2011 && /^\d+$/.test(x.account))!;
    // Drift on the target: someone renamed the customer in Smarty's admin.
    const live = world.smarty.state.customerByExt(String(c.id))!;
    live.profile.lastname = 'Переименован';

    const x = await explainEntity(rt, 'smarty', 'customer', String(c.id), { refresh: true });
    expect(x.subscriber?.id).toBe(String(c.id));
    expect(x.snapshot?.attrs.lastname).toBe(x.desired?.attrs.lastname);
    expect(x.live?.attrs.lastname).toBe('Переименован');
    const text = renderExplanation(x, rt.kinds);
    expect(text).toContain(`from hydra:${c.id}`);
    expect(text).toMatch(/lastname\s+"[^"]+"\s+"[^"]+"\s+"Переименован"\s+\{\{ name\.last \}\}\s+\(.*hydra-smarty\.yaml:\d+\)/);
    expect(text).toMatch(/tariffs\s+\[/);
  });

  it('explains an entity no subscriber produces any more', async () => {
    const gone = world.hydra.state.all().find((x) => x.stateId === 2011 && /^\d+$/.test(x.account))!;
    world.hydra.state.removeCustomer(gone.id);
    const x = await explainEntity(rt, 'smarty', 'customer', String(gone.id));
    expect(x.desired).toBeNull();
    expect(x.snapshot).not.toBeNull();
    expect(renderExplanation(x, rt.kinds)).toContain('the next apply would delete it');
  });
});
