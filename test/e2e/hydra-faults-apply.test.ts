/**
 * S1 and S2 end to end: with a fault proxy in front of Hydra, `apply --yes` after a short page
 * in the middle of the list (answered short every time) or a customer removed between two pages
 * deletes no subscriber who is still in the billing — only the one who really left.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { createFaultProxy, on, rewriteJson, type FaultProxy } from '../support/fault-proxy.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const LIST = '/rest/v2/subjects/customers';

async function apply(config: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = new Writable({ write(chunk, _e, done) { out += String(chunk); done(); } });
  const code = await main(['apply', '--yes', '-c', config], { stdout: sink, stderr: sink, env, cwd });
  return { code, out };
}

describe('S1/S2: apply after a distorted Hydra read', () => {
  let world: EmulatedWorld;
  let proxy: FaultProxy;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 250, seed: 41 });
    proxy = createFaultProxy(world.env.HYDRA_URL!);
    env = { ...world.env, HYDRA_URL: await proxy.start() };
    // Pages of 100, so 250 customers make three pages (the findings were seen at 1,000).
    await writeFile(world.config, (await readFile(world.config, 'utf8')).replace('per_page: 1000', 'per_page: 100'));
    expect((await apply(world.config, env, world.dir)).code).toBe(0);
  }, 120_000);

  afterEach(async () => {
    await proxy?.stop();
    await world?.close();
  });

  const customers = (): number => world.smarty.state.customers.size;

  it('S1: page 2 short on every read → zero deletes, held back with the reason (exit 4)', async () => {
    const before = customers();
    proxy.add({ match: on(LIST, { page: '2' }), action: { rewrite: rewriteJson((j) => ({ ...j, customers: (j.customers as unknown[]).slice(0, -5) })) } });
    const run = await apply(world.config, env, world.dir);
    expect(run.code).toBe(4);
    expect(run.out).toContain('not proved complete');
    expect(customers()).toBe(before);
  }, 120_000);

  it('S2: a customer removed between pages → only that customer is deleted; the neighbour keeps its ids', async () => {
    const victim = world.hydra.state.all().find((c) => c.id > 100040 && c.id < 100100 && /^\d+$/.test(c.account) && world.smarty.state.customerByExt(String(c.id)))!;
    const neighbour = world.smarty.state.customerByExt('100101');
    proxy.add({ match: on(LIST, { page: '2' }), times: 1, action: { before: () => void world.hydra.state.removeCustomer(victim.id) } });
    const run = await apply(world.config, env, world.dir);
    expect([0, 4]).toContain(run.code);
    if (neighbour) expect(world.smarty.state.customerByExt('100101')?.id).toBe(neighbour.id);
    // The victim was read on page 1 before it left: this run keeps it; the next one deletes it
    // (confirmed by a point read) and nobody else.
    const next = await apply(world.config, env, world.dir);
    expect(next.code).toBe(0);
    expect(world.smarty.state.customerByExt(String(victim.id))).toBeUndefined();
    if (neighbour) expect(world.smarty.state.customerByExt('100101')?.id).toBe(neighbour.id);
  }, 120_000);
});
