/**
 * Shared set-up of the daemon e2e tests: a config directory holding sync.yaml.example's Hydra →
 * Smarty part plus a daemon section (and optionally a second, failing Smarty target), and small
 * polling helpers.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pairConfigText } from '../../../src/demo/example-config.js';

const MAPPING = fileURLToPath(new URL('../../../mappings/hydra-smarty.yaml', import.meta.url));
export const TOKEN = 'test-token-0123456789abcdef';

export interface ConfigDir {
  readonly dir: string;
  readonly file: string;
  remove(): Promise<void>;
}

export interface DaemonSection {
  readonly interval: string;
  readonly listen?: string;
  readonly shutdownTimeout?: string;
  /** Adds target `smarty2` (SMARTY2_URL) fed by a copy of the mapping. */
  readonly secondTarget?: boolean;
}

/** Writes sync.yaml (the example + `daemon:`) and its mapping(s) into a fresh directory. */
export async function writeConfigDir(d: DaemonSection): Promise<ConfigDir> {
  const dir = await mkdtemp(join(tmpdir(), 'billsync-daemon-'));
  await mkdir(join(dir, 'mappings'));
  const mapping = await readFile(MAPPING, 'utf8');
  await writeFile(join(dir, 'mappings', 'hydra-smarty.yaml'), mapping);
  let sync = await pairConfigText(['hydra-smarty']);
  if (d.secondTarget) {
    await writeFile(join(dir, 'mappings', 'hydra-smarty2.yaml'), mapping.replace(/^target: smarty$/m, 'target: smarty2'));
    sync = sync.replace(
      /^targets:\n/m,
      'targets:\n  smarty2:\n    type: smarty\n    url: ${SMARTY2_URL}\n    client_id: 1\n    api_key: ${SMARTY_API_KEY}\n    retry: { max_attempts: 2, base_delay_ms: 10, max_delay_ms: 20 }\n',
    );
    sync = sync.replace(/^mappings:\n/m, 'mappings:\n  - mappings/hydra-smarty2.yaml\n');
  }
  sync += [
    '',
    'daemon:',
    `  interval: ${d.interval}`,
    '  jitter: 0.2',
    `  listen: '${d.listen ?? '127.0.0.1:0'}'`,
    '  token: ${BILLSYNC_TOKEN}',
    `  shutdown_timeout: ${d.shutdownTimeout ?? '10s'}`,
    '',
  ].join('\n');
  const file = join(dir, 'sync.yaml');
  await writeFile(file, sync);
  return { dir, file, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Polls `check` every `everyMs` until it returns a value other than undefined/null/false. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function postSync(base: string, body: unknown, opts: { token?: string; wait?: boolean } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/v1/sync${opts.wait ? '?wait=1' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
