/**
 * The CLI as a user runs it: the real `bin/billsync.js` in a child process, against the
 * emulators, checking output and exit codes.
 */
import { mkdtemp, rm, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { runCli, type CliRun } from '../support/cli-bin.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const MAPPING = fileURLToPath(new URL('../../mappings/hydra-smarty.yaml', import.meta.url));

const billsync = (args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> => runCli(args, { env, cwd });

describe('billsync CLI', () => {
  let world: EmulatedWorld;
  let dir: string;

  beforeAll(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 40, seed: 3 });
    dir = await mkdtemp(join(tmpdir(), 'billsync-cli-'));
    await mkdir(join(dir, 'mappings'));
    // sync.yaml.example's Hydra → Smarty part, as an operator who runs only that pair keeps it.
    await copyFile(world.config, join(dir, 'sync.yaml'));
    await copyFile(MAPPING, join(dir, 'mappings', 'hydra-smarty.yaml'));
    await copyFile(MAPPING.replace(/\.yaml$/, '.test.yaml'), join(dir, 'mappings', 'hydra-smarty.test.yaml'));
  });

  afterAll(async () => {
    await world?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists commands, and every command has --help', async () => {
    const top = await billsync(['--help'], {}, dir);
    expect(top.code).toBe(0);
    for (const cmd of ['validate', 'check', 'plan', 'apply', 'approve', 'status', 'test', 'demo']) {
      expect(top.stdout).toContain(cmd);
      const help = await billsync([cmd, '--help'], {}, dir);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: billsync ${cmd}`);
    }
  }, 180_000);

  it('validate → plan (exit 2 with changes) → apply → plan (exit 0, no changes)', async () => {
    const env = world.env;
    const validate = await billsync(['validate'], env, dir);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('hydra → smarty');

    const plan = await billsync(['plan', '--detailed-exitcode'], env, dir);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/^\+ smarty customer \d+/m);
    expect(plan.stdout).toContain('Summary');

    const apply = await billsync(['apply', '--quiet'], env, dir);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/op\(s\) succeeded/);

    const json = await billsync(['plan', '--format', 'json', '--detailed-exitcode'], env, dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).ops).toEqual([]);

    const status = await billsync(['status'], env, dir);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/apply\s+ok/);

    // A subscriber leaves: deleting needs --yes when there is no terminal to ask on.
    const leaver = world.hydra.state.all().find((c) => /^\d+$/.test(c.account) && c.stateId === 2011)!;
    world.hydra.state.removeCustomer(leaver.id);
    const refused = await billsync(['apply', '--quiet'], env, dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--yes');
    const saved = await billsync(['plan', '--out', 'plan.json', '--no-color'], env, dir);
    expect(saved.stdout).toContain(`- smarty customer ${leaver.id}`);
    const applied = await billsync(['apply', 'plan.json', '--yes', '--quiet'], env, dir);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(world.smarty.state.customerByExt(String(leaver.id))).toBeUndefined();
    // The same plan again: the snapshot moved, so it is refused with the reason.
    const stale = await billsync(['apply', 'plan.json', '--yes'], env, dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('snapshot of smarty changed');
  }, 180_000);

  it('fails with file:line:col and a fix on a broken mapping, writing nothing', async () => {
    const bad = join(dir, 'bad');
    await mkdir(join(bad, 'mappings'), { recursive: true });
    await copyFile(world.config, join(bad, 'sync.yaml'));
    await writeFile(
      join(bad, 'mappings', 'hydra-smarty.yaml'),
      ['source: hydra', 'target: smarty', 'entities:', '  customer:', "    key: '{{ id }}'", '    attrs:', "      lastnme: '{{ name.last }}'", ''].join('\n'),
    );
    const run = await billsync(['validate'], world.env, bad);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/mappings\/hydra-smarty\.yaml:7:\d+/);
    expect(run.stderr).toContain('lastname');
  }, 120_000);

  it('names the missing secret and how to set it', async () => {
    const { SMARTY_API_KEY: _drop, ...env } = world.env;
    const run = await billsync(['plan'], env, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/sync\.yaml:\d+:\d+/);
    expect(run.stderr).toContain('SMARTY_API_KEY');
  }, 120_000);

  it('runs mapping fixtures offline, without secrets', async () => {
    const run = await billsync(['test'], {}, dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed$/m);
  }, 120_000);

  it('runs the demo to the end, every pair of sync.yaml.example, and exits 0', async () => {
    const run = await billsync(['demo', '--subscribers', '50'], {}, dir);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Hydra → Smarty');
    expect(run.stdout).toContain('LANBilling → Smotreshka');
    expect(run.stdout).toContain('UserSide → SmartYard');
    // SmartYard's devices come from the example inventory, its credentials never shown.
    expect(run.stdout).toMatch(/^\+ smartyard device [\w.-]+(:lock)?$/m);
    expect(run.stdout).not.toContain('demo-panel-admin');
    // Every pair converges: the last plan of each has nothing left and wrote nothing.
    expect(run.stdout.match(/One more plan: 0 change\(s\); \w+ saw 0 write call\(s\)/g)).toHaveLength(3);
  }, 120_000);
});
