/**
 * `billsync check` — the first thing an operator runs at an ISP: against the demo world every
 * system is usable; against an emulator switched to a failure mode the notes describe, the
 * report names the problem and the config key that fixes it.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startEmulatedWorld, type EmulatedWorld, type WorldOptions } from '../../src/demo/emulated-world.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const ALL = ['hydra-smarty', 'lanbilling-smotreshka', 'userside-smartyard'];

async function check(world: EmulatedWorld, env: NodeJS.ProcessEnv = world.env): Promise<{ code: number; out: string; json: { systems: { system: string; results: { name: string; status: string; detail: string; fix?: string }[] }[] } }> {
  let out = '';
  let json = '';
  const sink = (add: (s: string) => void) => new Writable({ write(chunk, _e, done) { add(String(chunk)); done(); } });
  const code = await main(['check', '-c', world.config], { stdout: sink((s) => (out += s)), stderr: sink((s) => (out += s)), env, cwd: world.dir });
  await main(['check', '--json', '-c', world.config], { stdout: sink((s) => (json += s)), stderr: sink(() => undefined), env, cwd: world.dir });
  return { code, out, json: JSON.parse(json) };
}

let world: EmulatedWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});
const start = async (opts: Partial<WorldOptions> = {}): Promise<EmulatedWorld> => (world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 20, seed: 3, pairs: ALL, ...opts }));

describe('billsync check', () => {
  it('reports every system of the demo world usable', async () => {
    const w = await start();
    const r = await check(w);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/All 6 system\(s\) usable\./);
    expect(r.json.systems.map((s) => s.system).sort()).toEqual(['source hydra', 'source lanbilling', 'source userside', 'target smarty', 'target smartyard', 'target smotreshka']);
    for (const s of r.json.systems) expect(s.results.length, s.system).toBeGreaterThan(0);
  }, 120_000);

  it('names the key for a wrong Smarty key, and the fallback for a Hydra without the customer list', async () => {
    const w = await start();
    w.hydra.setCustomerList(false);
    const r = await check(w, { ...w.env, SMARTY_API_KEY: 'not-the-key' });
    expect(r.code).toBe(1);
    const smarty = r.json.systems.find((s) => s.system === 'target smarty')!;
    expect(smarty.results.find((x) => x.status === 'failed')?.fix).toMatch(/targets\.smarty\.api_key/);
    const hydra = r.json.systems.find((s) => s.system === 'source hydra')!;
    expect(hydra.results.find((x) => x.status !== 'ok')?.fix).toMatch(/customer_ids|event_only/);
    expect(r.out).toContain('NOT USABLE');
  }, 120_000);

  it('says UserSide wants billing_id and how to set it; a SmartYard whose database is down is not usable', async () => {
    const w = await start({ userside: { userListNeedsBillingId: true }, smartyard: { databaseDown: true } });
    const r = await check(w);
    const userside = r.json.systems.find((s) => s.system === 'source userside')!;
    const billing = userside.results.find((x) => x.status !== 'ok' && /billing_id/.test(`${x.detail} ${x.fix ?? ''}`));
    expect(billing?.fix).toMatch(/sources\.userside\.billing_id/);
    const yard = r.json.systems.find((s) => s.system === 'target smartyard')!;
    expect(yard.results.some((x) => x.status === 'failed')).toBe(true);
    expect(r.code).toBe(1);
  }, 120_000);
});
