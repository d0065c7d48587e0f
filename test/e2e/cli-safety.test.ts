/**
 * The safety promises through the CLI, in-process (the same `main` the binary runs): a wrong
 * Smarty key fails `plan` at the preflight naming the key; a mapping edit that strips every
 * subscriber's tariffs is held back by `apply` with exit 4 and no tariff lost; an empty Hydra
 * read is never "No changes"; a second writer is refused while the first holds the lock.
 */
import { Writable } from 'node:stream';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { loadConfig } from '../../src/config/index.js';
import { acquireWriterLock } from '../../src/engine/writer-lock.js';
import { silentLogger } from '../../src/util/logger.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function billsync(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => new Writable({ write(chunk, _e, done) { add(String(chunk)); done(); } });
  const code = await main(args, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env, cwd });
  return { code, stdout, stderr };
}

describe('CLI safety', () => {
  let world: EmulatedWorld;
  beforeEach(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 40, seed: 17 });
  });
  afterEach(async () => world?.close());

  it('a wrong Smarty key fails plan at the preflight, naming the key to fix', async () => {
    const run = await billsync(['plan', '-c', world.config], { ...world.env, SMARTY_API_KEY: 'wrong-key' }, world.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('preflight failed');
    expect(run.stderr).toMatch(/targets\.smarty\.api_key/);
  });

  it('a mapping that strips every tariff is held back by apply (exit 4); nothing is lost', async () => {
    const first = await billsync(['apply', '--yes', '-c', world.config], world.env, world.dir);
    expect(first.code).toBe(0);
    const tariffsBefore = [...world.smarty.state.customers.values()].reduce((n, c) => n + c.tariffs.size, 0);
    expect(tariffsBefore).toBeGreaterThan(20);

    const mapping = (await loadConfig(world.config, world.env)).mappings[0]!.file;
    expect(mapping.startsWith(world.dir)).toBe(true);
    const text = await readFile(mapping, 'utf8');
    // Every TV service moved to `ignore`: the table is empty.
    const emptied = text.replace(/^(\s+table:)\n(?:\s+'\d+':.*\n)+/m, '$1 {}\n').replace('ignore: [100, 101, 102]', 'ignore: [1, 2, 3, 4, 5, 6, 7, 8, 100, 101, 102]');
    expect(emptied).not.toBe(text);
    await writeFile(mapping, emptied);

    const plan = await billsync(['plan', '--detailed-exitcode', '-c', world.config], world.env, world.dir);
    expect(plan.code).toBe(4);
    expect(plan.stdout).toMatch(/^HELD BACK: \d+ destructive op\(s\)/);
    expect(plan.stdout).not.toContain('Targets smarty match the desired state');
    const apply = await billsync(['apply', '-c', world.config], world.env, world.dir);
    expect(apply.code).toBe(4);
    expect(apply.stdout).toContain('max_removals');
    const tariffsAfter = [...world.smarty.state.customers.values()].reduce((n, c) => n + c.tariffs.size, 0);
    expect(tariffsAfter).toBe(tariffsBefore);
  });

  it('an empty Hydra read is held back and says so: never a quiet day', async () => {
    expect((await billsync(['apply', '--yes', '-c', world.config], world.env, world.dir)).code).toBe(0);
    for (const c of [...world.hydra.state.all()]) world.hydra.state.removeCustomer(c.id);
    const plan = await billsync(['plan', '--detailed-exitcode', '-c', world.config], world.env, world.dir);
    expect(plan.code).toBe(4);
    expect(plan.stdout).not.toContain('No changes.');
    expect(plan.stdout).toContain('do NOT match the desired state');
  });

  it('refuses a second writer while the first holds the lock', async () => {
    const config = await loadConfig(world.config, world.env);
    const lock = await acquireWriterLock(config, ['smarty'], silentLogger());
    try {
      const run = await billsync(['apply', '--yes', '-c', world.config], world.env, world.dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`billsync process ${process.pid}`);
    } finally {
      await lock.release();
    }
  });
});
