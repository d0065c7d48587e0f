/**
 * Hydra → Smarty with the billing balance in the customer's meta, end to end over real sockets:
 * a payment in Hydra changes the balance, and the new balance reaches Smarty's meta.balance in
 * one customer/modify; keys Smarty or an operator keep in meta survive; further runs change
 * nothing. And where Smarty keeps its own balance (mode transactional), such a mapping is
 * refused before anything connects, naming the mapping file and line.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { ConfigErrors } from '../../src/model/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const META = `    meta:
      balance: '{{ raw.accounts.0.n_sum_bal }}'
`;

let world: EmulatedWorld;
let rt: Runtime | undefined;

/** The shipped Hydra → Smarty mapping with meta.balance under the customer. */
async function addMetaBalance(): Promise<void> {
  const mapping = join(dirname(world.config), 'mappings', 'hydra-smarty.yaml');
  const text = await readFile(mapping, 'utf8');
  await writeFile(mapping, text.replace(/\n {2}account:\n/, `\n${META}\n  account:\n`));
}

async function sync(r: Runtime): Promise<Awaited<ReturnType<typeof applyPlan>>> {
  const made = await makePlan(r);
  return applyPlan(r, made.plan, { snapshots: made.snapshots });
}

beforeEach(async () => {
  world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 10, seed: 3, nonNumericAccountShare: 0, pairs: ['hydra-smarty'] });
  await addMetaBalance();
});
afterEach(async () => {
  await rt?.close();
  rt = undefined;
  await world?.close();
});

const metaOf = (ext: string): unknown => JSON.parse(world.smarty.state.customerByExt(ext)!.profile.meta ?? '{}');

describe('Hydra → Smarty: the billing balance in meta', () => {
  it('puts a balance change on Smarty once, keeping the keys billsync does not manage', async () => {
    rt = await openRuntime(await loadConfig(world.config, world.env), { logger: silentLogger() });
    const a = world.hydra.state.all().find((c) => c.stateId === SUBJ_STATE.on)!;
    expect((await sync(rt)).failed).toEqual([]);
    expect(metaOf(String(a.id))).toEqual({ balance: String(a.balance) });

    // Smarty's portal (or an operator) keeps a key of its own there.
    const customer = world.smarty.state.customerByExt(String(a.id))!;
    customer.profile.meta = JSON.stringify({ balance: String(a.balance), portal: { lang: 'ru' } });
    world.hydra.state.addPayment(a.id, 250, new Date());
    const after = world.hydra.state.get(a.id)!.balance;
    world.smarty.resetStats();
    for (let i = 0; i < 3; i++) expect((await sync(rt)).failed).toEqual([]);

    const modifies = world.smarty.requests().filter((r) => r.method === 'customer/modify');
    expect(modifies).toHaveLength(1);
    expect(metaOf(String(a.id))).toEqual({ balance: String(after), portal: { lang: 'ru' } });
    expect((await makePlan(rt)).plan.ops).toEqual([]);
  });

  it('is refused where Smarty keeps its own balance (mode transactional), naming the mapping line', async () => {
    const text = await readFile(world.config, 'utf8');
    await writeFile(world.config, text.replace(/(\n {4}type: smarty\n)/, '$1    mode: transactional\n'));
    const config = await loadConfig(world.config, world.env);
    const err = await openRuntime(config, { logger: silentLogger() }).then(
      (r) => {
        rt = r;
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigErrors);
    expect((err as ConfigErrors).format()).toMatch(
      /mappings\/hydra-smarty\.yaml:\d+:\d+ entities\.customer\.meta\.balance: meta 'balance' shows a balance, but target smarty keeps its own balance from transactions \(mode transactional\)/,
    );
    expect(world.smarty.requests()).toEqual([]);
  });
});
