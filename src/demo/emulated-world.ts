/**
 * The demo's world: a Hydra emulator with generated subscribers and a Smarty emulator, both on
 * loopback, plus the environment that points sync.yaml.example at them and at a throw-away
 * SQLite store. Used by `billsync demo`, the end-to-end tests and the benchmark.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHydraEmulator, DEFAULT_LOGIN, DEFAULT_PASSWORD, type HydraEmulator } from '../emulators/hydra/index.js';
import { createSmartyEmulator, type SmartyEmulator } from '../emulators/smarty/index.js';

/** sync.yaml.example at the package root (from src/demo or dist/demo alike). */
export const EXAMPLE_CONFIG = fileURLToPath(new URL('../../sync.yaml.example', import.meta.url));

const SMARTY_API_KEY = 'demo-smarty-key';

export interface EmulatedWorld {
  readonly hydra: HydraEmulator;
  readonly smarty: SmartyEmulator;
  /** Environment for loadConfig(EXAMPLE_CONFIG, env). */
  readonly env: NodeJS.ProcessEnv;
  /** Directory holding the SQLite store. */
  readonly dir: string;
  close(): Promise<void>;
}

export interface WorldOptions {
  readonly subscribers: number;
  readonly seed?: number;
  /** Store URL; default a SQLite file in the world's temp dir. */
  readonly storeUrl?: string;
  readonly baseEnv?: NodeJS.ProcessEnv;
  /** Share of generated accounts that are not numeric (exercises skipping). */
  readonly nonNumericAccountShare?: number;
}

export async function startEmulatedWorld(opts: WorldOptions): Promise<EmulatedWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'billsync-demo-'));
  const hydra = createHydraEmulator({
    customers: opts.subscribers,
    seed: opts.seed ?? 42,
    generate: { nonNumericAccountShare: opts.nonNumericAccountShare ?? 0 },
  });
  const smarty = createSmartyEmulator({
    apiKey: SMARTY_API_KEY,
    tariffs: [
      { id: 1, name: 'Пробный' },
      { id: 2, name: 'Базовый HD' },
      { id: 3, name: 'Дополнительный' },
    ],
  });
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled([hydra.stop(), smarty.stop()]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [hydraUrl, smartyUrl] = await Promise.all([hydra.start(0), smarty.start(0)]);
    const env: NodeJS.ProcessEnv = {
      ...(opts.baseEnv ?? {}),
      HYDRA_URL: hydraUrl,
      HYDRA_LOGIN: DEFAULT_LOGIN,
      HYDRA_PASSWORD: DEFAULT_PASSWORD,
      SMARTY_URL: smartyUrl,
      SMARTY_API_KEY,
      BILLSYNC_STORE_URL: opts.storeUrl ?? `sqlite:${join(dir, 'state.db')}`,
    };
    return { hydra, smarty, env, dir, close: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
