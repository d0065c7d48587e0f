/**
 * `plan --format markdown` as the CI examples run it: the real CLI in a child process against
 * the emulators, the report within its budget and pointing to the JSON artefact.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';

const BIN = fileURLToPath(new URL('../../bin/billsync.js', import.meta.url));
const MAPPINGS = fileURLToPath(new URL('../../mappings/', import.meta.url));

function billsync(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, cwd, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('billsync plan --format markdown', () => {
  let world: EmulatedWorld;
  let dir: string;

  beforeAll(async () => {
    world = await startEmulatedWorld({ subscribers: 60, seed: 5 });
    dir = await mkdtemp(join(tmpdir(), 'billsync-md-'));
    await mkdir(join(dir, 'mappings'));
    await copyFile(world.config, join(dir, 'sync.yaml'));
    const { readdir } = await import('node:fs/promises');
    for (const f of await readdir(MAPPINGS)) await copyFile(join(MAPPINGS, f), join(dir, 'mappings', f));
  });

  afterAll(async () => {
    await world?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the report, writes the JSON artefact it points to, exits 2 on changes', async () => {
    const run = await billsync(['plan', '--format', 'markdown', '--out', 'plan.json', '--detailed-exitcode'], world.env, dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^## billsync plan: \d+ ops on \d+ entities/);
    expect(run.stdout.length).toBeLessThanOrEqual(65_000);
    expect(run.stdout).toContain('| smarty |');
    const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as { ops: unknown[] };
    expect(run.stdout).toContain(`${plan.ops.length} ops`);
  });

  it('keeps to a small --budget, counting what it leaves out and naming the artefact', async () => {
    const run = await billsync(['plan', '--format', 'markdown', '--budget', '3000', '--artefact', 'plan.json'], world.env, dir);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeLessThanOrEqual(3000);
    expect(run.stdout).toContain('plan.json');
    expect(run.stdout).toMatch(/not shown|left out|more/i);
  });

  it('refuses an unknown format and a bad budget with the fix', async () => {
    const bad = await billsync(['plan', '--format', 'html'], world.env, dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--format text, json, markdown');
    const budget = await billsync(['plan', '--format', 'markdown', '--budget', 'lots'], world.env, dir);
    expect(budget.code).toBe(1);
    expect(budget.stderr).toContain('--budget');
  });
});
