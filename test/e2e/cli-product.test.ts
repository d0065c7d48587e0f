/**
 * billsync as an installed product, through the compiled bin: --version, `billsync emulators`
 * stopped by SIGTERM sent to the bin's own process (no wrapper in between), and the README's
 * end-to-end loop for an operator's CI — emulators, plan, apply, a billing day through the
 * control API, a failing target, and `status RUN_ID` grouping the failures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairConfigText } from '../../src/demo/example-config.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';
import { BIN, runCli } from '../support/cli-bin.js';
import { COMMANDS } from '../../src/cli/commands.js';

const MAPPING = fileURLToPath(new URL('../../mappings/hydra-smarty.yaml', import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface Emulators {
  readonly child: ChildProcess;
  readonly env: Record<string, string>;
  readonly stderr: () => string;
  readonly exited: Promise<number | string>;
}

async function startEmulators(dir: string, args: readonly string[]): Promise<Emulators> {
  const file = join(dir, 'emulators.env');
  const child = spawn(process.execPath, [BIN, 'emulators', ...args, '--export-file', file], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  child.stdout!.resume();
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  for (let i = 0; i < 600 && !existsSync(file); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!existsSync(file)) throw new Error(`billsync emulators did not start:\n${stderr}`);
  const env = Object.fromEntries((await readFile(file, 'utf8')).trim().split('\n').map((l) => {
    const m = /^export (\w+)='(.*)'$/.exec(l);
    if (!m) throw new Error(`not an export line: ${l}`);
    return [m[1]!, m[2]!];
  }));
  return { child, env, stderr: () => stderr, exited };
}

describe('billsync as a product', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'billsync-product-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints its version from the compiled bin, which never loads tsx', async () => {
    const r = await runCli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(readFileSync(BIN, 'utf8')).not.toMatch(/tsx|spawn|child_process/);
  }, 60_000);

  it('answers COMMAND --help from the build\'s help manifest, which matches every command', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../../dist/cli/help-manifest.json', import.meta.url), 'utf8')) as { version: string; help: Record<string, string> };
    expect(manifest.version).toBe(VERSION);
    for (const entry of COMMANDS) expect(manifest.help[entry.name], entry.name).toBe((await entry.load()).help);
    const r = await runCli(['plan', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${manifest.help.plan}\n`);
  }, 60_000);

  it('tests a billing change end to end against billsync emulators, as an operator\'s CI does', async () => {
    const emu = await startEmulators(dir, ['--systems', 'hydra,smarty', '--subscribers', '40']);
    try {
      expect(Object.keys(emu.env)).toEqual(['HYDRA_URL', 'HYDRA_LOGIN', 'HYDRA_PASSWORD', 'SMARTY_URL', 'SMARTY_API_KEY', 'BILLSYNC_EMULATORS_URL']);
      const cfg = join(dir, 'config');
      await mkdir(join(cfg, 'mappings'), { recursive: true });
      await writeFile(join(cfg, 'sync.yaml'), await pairConfigText(['hydra-smarty'], { rate: LOOPBACK_RATE }));
      await copyFile(MAPPING, join(cfg, 'mappings', 'hydra-smarty.yaml'));
      const billsync = (...args: string[]) => runCli(args, { env: emu.env, cwd: cfg, timeoutMs: 120_000 });
      const control = (path: string, body?: unknown) =>
        fetch(`${emu.env.BILLSYNC_EMULATORS_URL}/control/${path}`, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

      expect((await billsync('validate')).code).toBe(0);
      expect((await billsync('plan', '--detailed-exitcode')).code).toBe(2);
      const first = await billsync('apply', '--yes', '--quiet');
      expect(first.stderr).not.toMatch(/"level":50|error/i);
      expect(first.code).toBe(0);
      expect((await billsync('plan', '--detailed-exitcode')).code).toBe(0);

      // A billing day: a tariff switch, a debt block, a new subscriber.
      expect((await control('billing-day')).status).toBe(200);
      const next = await billsync('plan', '--detailed-exitcode', '--no-color');
      // 4 while the Hydra read cannot prove itself complete (the debt block is held back), else 2.
      expect([2, 4]).toContain(next.code);
      expect(next.stdout).toMatch(/^\+ smarty customer \d+/m);

      // Smarty rejects every customer/create (the new subscriber's): the rest of the day goes
      // through, the apply reports the failed entity (exit 3) and status groups it by reason.
      expect((await control('fault', { system: 'smarty', status: 400, count: 1000, pathPrefix: 'customer/create' })).status).toBe(200);
      const failing = await billsync('apply', '--yes', '--quiet');
      expect(failing.code).toBe(3);
      const runId = /^Apply (\S+):/m.exec(failing.stdout)?.[1];
      expect(runId).toBeDefined();

      const status = await billsync('status', runId!);
      expect(status.code).toBe(0);
      expect(status.stdout).toContain(`Run ${runId} (apply): partial`);
      expect(status.stdout).toMatch(/smarty\s+\d+ ok\s+1 failed\s+\d+ not run/);
      expect(status.stdout).toMatch(/✗ smarty: 1 × .*400/);
      expect(status.stdout).toMatch(/e\.g\. customer \d+/);
      const json = JSON.parse((await billsync('status', runId!, '--json')).stdout) as { status: string; failureGroups: { target: string; count: number }[] };
      expect(json.status).toBe('partial');
      expect(json.failureGroups).toEqual([expect.objectContaining({ target: 'smarty', count: 1 })]);
      expect((await billsync('status', 'no-such-run')).stderr).toContain("the store has no run 'no-such-run'");
    } finally {
      emu.child.kill('SIGTERM');
    }
    // SIGTERM to the bin's own pid reached the CLI: it stopped the emulators and exited 0.
    expect(await emu.exited).toBe(0);
    expect(emu.stderr()).toContain('SIGTERM, stopping');
  }, 240_000);
});
