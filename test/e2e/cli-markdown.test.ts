/**
 * `plan --format markdown` as the CI examples run it: the real CLI in a child process against
 * the emulators, the report within its budget and pointing to the JSON artefact.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { runCli, type CliRun } from '../support/cli-bin.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const MAPPINGS = fileURLToPath(new URL('../../mappings/', import.meta.url));

const billsync = (args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> => runCli(args, { env, cwd });

describe('billsync plan --format markdown', () => {
  let world: EmulatedWorld;
  let dir: string;

  beforeAll(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 60, seed: 5 });
    dir = await mkdtemp(join(tmpdir(), 'billsync-md-'));
    await mkdir(join(dir, 'mappings'));
    // A tariff line moved for 60 subscribers is over sync.yaml.example's max_removals (10 %):
    // this file is about the report, so the cap is lifted (the gate has tests of its own).
    await writeFile(join(dir, 'sync.yaml'), (await readFile(world.config, 'utf8')).replaceAll("max_removals: '10%'", "max_removals: '100%'"));
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
  }, 90_000);

  it('names tariffs from the target\'s catalogue, and the mapping\'s names: over them; ids stay in JSON', async () => {
    const run = await billsync(['plan', '--format', 'markdown', '--out', 'named.json'], world.env, dir);
    // Smarty tariff/list of the emulated world (Smotreshka's catalogue: smotreshka-target.test.ts).
    expect(run.stdout).toMatch(/\| smarty \| customer\.tariffs \| \d+ (Базовый HD|Дополнительный|Пробный) \|/);
    const plan = JSON.parse(await readFile(join(dir, 'named.json'), 'utf8')) as { ops: { type: string; member?: string }[]; memberNames: Record<string, Record<string, Record<string, string>>> };
    expect(plan.ops.filter((o) => o.member !== undefined).every((o) => /^\d+$/.test(o.member!))).toBe(true);
    expect(plan.memberNames.smarty?.['customer.tariffs']?.['3']).toBe('Дополнительный');

    const mapping = join(dir, 'mappings', 'hydra-smarty.yaml');
    const original = await readFile(mapping, 'utf8');
    try {
      await writeFile(mapping, original.replace('  unmapped: skip', "  unmapped: skip\n  names: { '3': 'Доп. пакет (из маппинга)' }"));
      const text = await billsync(['plan'], world.env, dir);
      expect(text.stdout).toContain('+3 Доп. пакет (из маппинга)');
      expect(text.stdout).not.toContain('+3 Дополнительный');
    } finally {
      await writeFile(mapping, original);
    }
  }, 90_000);

  it('keeps to a small --budget, counting what it leaves out and naming the artefact', async () => {
    const run = await billsync(['plan', '--format', 'markdown', '--budget', '3000', '--artefact', 'plan.json'], world.env, dir);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeLessThanOrEqual(3000);
    expect(run.stdout).toContain('plan.json');
    expect(run.stdout).toMatch(/not shown|left out|more/i);
  }, 90_000);

  it('refuses an unknown format and a bad budget with the fix', async () => {
    const bad = await billsync(['plan', '--format', 'html'], world.env, dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--format text, json, markdown');
    const budget = await billsync(['plan', '--format', 'markdown', '--budget', 'lots'], world.env, dir);
    expect(budget.code).toBe(1);
    expect(budget.stderr).toContain('--budget');
  }, 90_000);

  it('impact --format markdown: the config change and the data change as one comment within the budget', async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'config');
    const file = join(dir, 'mappings', 'hydra-smarty.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace("'2': [1, 2, 3, 4]", "'2': [1, 2, 3]").replace("'3': [5, 6, 7, 8]", "'3': [4, 5, 6, 7, 8]"));
    try {
      const run = await billsync(['impact', '--against', 'HEAD', '--format', 'markdown', '--budget', '20000'], world.env, dir);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.length).toBeLessThanOrEqual(20_000);
      expect(run.stdout).toMatch(/^## Mapping impact \(HEAD → this change\): \d+ ops? on \d+ entit/m);
      expect(run.stdout).toMatch(/^## Data impact \(billing changes since the last apply\)/m);
      expect(run.stdout).toContain('remove_member');
    } finally {
      await writeFile(file, text);
    }
  }, 90_000);
});
