/**
 * The demo's world: every source and target emulator on loopback (Hydra, LANBilling and
 * UserSide with generated subscribers; Smarty, Smotreshka and an empty SmartYard set up for the
 * shipped mappings and inventory), the
 * environment that points sync.yaml.example at them and at a throw-away SQLite store, and
 * configs for chosen pairs. Used by `billsync demo`, the end-to-end tests and the benchmark.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHydraEmulator, DEFAULT_LOGIN, DEFAULT_PASSWORD, type HydraEmulator } from '../emulators/hydra/index.js';
import {
  createLanbillingEmulator,
  DEFAULT_LOGIN as LB_LOGIN,
  DEFAULT_PASSWORD as LB_PASSWORD,
  type LanbillingEmulator,
  type LanbillingEmulatorOptions,
} from '../emulators/lanbilling/index.js';
import { createSmartyEmulator, type SmartyEmulator, type SmartyEmulatorOptions } from '../emulators/smarty/index.js';
import { createSmotreshkaEmulator, type SmotreshkaEmulator, type SmotreshkaEmulatorOptions } from '../emulators/smotreshka/index.js';
import { createSmartyardEmulator, type SmartyardEmulator, type SmartyardEmulatorOptions } from '../emulators/smartyard/index.js';
import { createUsersideEmulator, DEFAULT_API_KEY as US_API_KEY, type UsersideEmulator, type UsersideEmulatorOptions } from '../emulators/userside/index.js';
import { SMARTY_TARIFFS, SMOTRESHKA_SUBSCRIPTIONS } from './catalogues.js';
import { type RateCap, writePairConfig } from './example-config.js';

/** The API key the demo's Smarty emulator accepts (also `billsync emulators`). */
import { STANDALONE_API_KEY as SMARTY_API_KEY } from '../emulators/smarty/standalone.js';

/** The pair `config` runs when the options name none: the engine's first pair. */
export const DEFAULT_PAIRS: readonly string[] = ['hydra-smarty'];

export interface EmulatedWorld {
  readonly hydra: HydraEmulator;
  readonly smarty: SmartyEmulator;
  readonly lanbilling: LanbillingEmulator;
  readonly smotreshka: SmotreshkaEmulator;
  readonly userside: UsersideEmulator;
  readonly smartyard: SmartyardEmulator;
  /** Environment for loadConfig(config, env) — and for sync.yaml.example itself. */
  readonly env: NodeJS.ProcessEnv;
  /** Directory holding the SQLite store and the configs. */
  readonly dir: string;
  /** sync.yaml for the world's `pairs` (sync.yaml.example cut down, mappings beside it). */
  readonly config: string;
  /** A sync.yaml for other pairs of the shipped mappings, written on first use. */
  configFor(pairs: readonly string[]): Promise<string>;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Hydra customers to generate. */
  readonly subscribers: number;
  /** LANBilling account entries to generate (default: `subscribers`). */
  readonly vgroups?: number;
  /** UserSide customers to generate (default: `subscribers`), in the five default houses. */
  readonly customers?: number;
  readonly seed?: number;
  /** Pairs (mapping names, e.g. 'lanbilling-smotreshka') `config` runs; default DEFAULT_PAIRS. */
  readonly pairs?: readonly string[];
  /** Store URL; default a SQLite file in the world's temp dir. */
  readonly storeUrl?: string;
  readonly baseEnv?: NodeJS.ProcessEnv;
  /** Share of generated Hydra accounts that are not numeric (exercises skipping). */
  readonly nonNumericAccountShare?: number;
  /** Extra Smarty emulator options (lenient switches, limits, latency, …). */
  readonly smarty?: SmartyEmulatorOptions;
  /** Extra LANBilling emulator options (data, latency, …). */
  readonly lanbilling?: LanbillingEmulatorOptions;
  /** Extra Smotreshka emulator options (other providers' usernames, latency, …). */
  readonly smotreshka?: SmotreshkaEmulatorOptions;
  /** Extra UserSide emulator options (data, install quirks, latency, …). */
  readonly userside?: UsersideEmulatorOptions;
  /** Extra SmartYard emulator options (latency, …). */
  readonly smartyard?: SmartyardEmulatorOptions;
  /** Every source's and target's rate cap in the written configs (default: sync.yaml.example's). */
  readonly rate?: RateCap;
}

export async function startEmulatedWorld(opts: WorldOptions): Promise<EmulatedWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'billsync-demo-'));
  const seed = opts.seed ?? 42;
  const hydra = createHydraEmulator({
    customers: opts.subscribers,
    seed,
    generate: { nonNumericAccountShare: opts.nonNumericAccountShare ?? 0 },
  });
  const smarty = createSmartyEmulator({ ...opts.smarty, apiKey: SMARTY_API_KEY, tariffs: SMARTY_TARIFFS });
  const lanbilling = createLanbillingEmulator({ vgroups: opts.vgroups ?? opts.subscribers, seed, ...opts.lanbilling });
  const smotreshka = createSmotreshkaEmulator({ subscriptions: SMOTRESHKA_SUBSCRIPTIONS, ...opts.smotreshka });
  const userside = createUsersideEmulator({ customers: opts.customers ?? opts.subscribers, seed, ...opts.userside });
  const smartyard = createSmartyardEmulator(opts.smartyard);
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled([hydra.stop(), smarty.stop(), lanbilling.stop(), smotreshka.stop(), userside.stop(), smartyard.stop()]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [hydraUrl, smartyUrl, lanbillingUrl, smotreshkaUrl, usersideUrl, smartyardUrl] = await Promise.all([
      hydra.start(0),
      smarty.start(0),
      lanbilling.start(0),
      smotreshka.start(0),
      userside.start(0),
      smartyard.start(0),
    ]);
    const env: NodeJS.ProcessEnv = {
      ...(opts.baseEnv ?? {}),
      HYDRA_URL: hydraUrl,
      HYDRA_LOGIN: DEFAULT_LOGIN,
      HYDRA_PASSWORD: DEFAULT_PASSWORD,
      SMARTY_URL: smartyUrl,
      SMARTY_API_KEY,
      LANBILLING_URL: lanbillingUrl,
      LANBILLING_LOGIN: LB_LOGIN,
      LANBILLING_PASSWORD: LB_PASSWORD,
      SMOTRESHKA_URL: smotreshkaUrl,
      USERSIDE_URL: usersideUrl,
      USERSIDE_API_KEY: US_API_KEY,
      SMARTYARD_URL: smartyardUrl,
      BILLSYNC_STORE_URL: opts.storeUrl ?? `sqlite:${join(dir, 'state.db')}`,
      // A shared store (PostgreSQL) needs store.secret_key; a SQLite one makes its own key file.
      ...(opts.storeUrl ? { BILLSYNC_STORE_KEY: randomBytes(32).toString('hex') } : {}),
    };
    const configs = new Map<string, Promise<string>>();
    const configFor = (pairs: readonly string[]): Promise<string> => {
      const name = pairs.join('+');
      let file = configs.get(name);
      if (!file) configs.set(name, (file = writePairConfig(join(dir, `config-${name}`), pairs, opts.rate ? { rate: opts.rate } : {})));
      return file;
    };
    const config = await configFor(opts.pairs ?? DEFAULT_PAIRS);
    return { hydra, smarty, lanbilling, smotreshka, userside, smartyard, env, dir, config, configFor, close: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
