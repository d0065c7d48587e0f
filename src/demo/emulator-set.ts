/**
 * The emulators `billsync emulators` runs for an operator's own tests and CI: any subset of the
 * six systems on loopback, set up as the demo sets them up (generated subscribers, the shipped
 * catalogues, the same credentials), and the environment that points sync.yaml.example at them.
 */
import { createHydraEmulator, DEFAULT_LOGIN as HYDRA_LOGIN, DEFAULT_PASSWORD as HYDRA_PASSWORD, type HydraEmulator } from '../emulators/hydra/index.js';
import { createLanbillingEmulator, DEFAULT_LOGIN as LB_LOGIN, DEFAULT_PASSWORD as LB_PASSWORD, type LanbillingEmulator } from '../emulators/lanbilling/index.js';
import { createUsersideEmulator, DEFAULT_API_KEY as US_API_KEY, type UsersideEmulator } from '../emulators/userside/index.js';
import { createSmartyEmulator, type SmartyEmulator } from '../emulators/smarty/index.js';
import { createSmotreshkaEmulator, type SmotreshkaEmulator } from '../emulators/smotreshka/index.js';
import { createSmartyardEmulator, type SmartyardEmulator } from '../emulators/smartyard/index.js';
import { SMARTY_TARIFFS, SMOTRESHKA_SUBSCRIPTIONS } from './catalogues.js';
import { SMARTY_API_KEY } from './emulated-world.js';
import { giveMostUsersAnEmail } from './demo-pairs.js';

/** The systems, in the order their ports follow `--port-base` (hydra = base, lanbilling = base + 1, …). */
export const SYSTEMS = ['hydra', 'lanbilling', 'userside', 'smarty', 'smotreshka', 'smartyard'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** The control API's port is `--port-base` + this (right after the six systems). */
export const CONTROL_PORT_OFFSET = SYSTEMS.length;

export interface EmulatorSetOptions {
  readonly systems: readonly SystemName[];
  /** Generated subscribers per billing system. */
  readonly subscribers: number;
  readonly seed?: number;
  /** First port; 0 = any free ports. */
  readonly portBase?: number;
}

export interface EmulatorSet {
  readonly hydra?: HydraEmulator;
  readonly lanbilling?: LanbillingEmulator;
  readonly userside?: UsersideEmulator;
  readonly smarty?: SmartyEmulator;
  readonly smotreshka?: SmotreshkaEmulator;
  readonly smartyard?: SmartyardEmulator;
  /** Base URL per running system, as its client is given it. */
  readonly urls: Readonly<Partial<Record<SystemName, string>>>;
  /** What sync.yaml.example reads: URLs and credentials of the running systems. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

type Started = { -readonly [K in keyof EmulatorSet]?: EmulatorSet[K] };

export async function startEmulatorSet(opts: EmulatorSetOptions): Promise<EmulatorSet> {
  const seed = opts.seed ?? 42;
  const n = opts.subscribers;
  const want = new Set(opts.systems);
  const set: Started = {};
  if (want.has('hydra')) set.hydra = createHydraEmulator({ customers: n, seed });
  if (want.has('lanbilling')) {
    set.lanbilling = createLanbillingEmulator({ vgroups: n, seed });
    // As in the demo: Smotreshka needs an e-mail, and most generated users get one.
    giveMostUsersAnEmail(set.lanbilling);
  }
  if (want.has('userside')) set.userside = createUsersideEmulator({ customers: n, seed });
  if (want.has('smarty')) set.smarty = createSmartyEmulator({ apiKey: SMARTY_API_KEY, tariffs: SMARTY_TARIFFS });
  if (want.has('smotreshka')) set.smotreshka = createSmotreshkaEmulator({ subscriptions: SMOTRESHKA_SUBSCRIPTIONS });
  if (want.has('smartyard')) set.smartyard = createSmartyardEmulator();

  const running = SYSTEMS.flatMap((name) => (set[name] ? [[name, set[name]!] as const] : []));
  const close = async (): Promise<void> => {
    await Promise.allSettled(running.map(([, e]) => e.stop()));
  };
  const urls: Partial<Record<SystemName, string>> = {};
  try {
    await Promise.all(
      running.map(async ([name, emulator]) => {
        const port = opts.portBase ? opts.portBase + SYSTEMS.indexOf(name) : 0;
        urls[name] = await emulator.start(port);
      }),
    );
  } catch (err) {
    await close();
    throw err;
  }
  return { ...set, urls, env: envFor(urls), close };
}

/** The environment sync.yaml.example reads, for the systems that run. */
function envFor(urls: Partial<Record<SystemName, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  if (urls.hydra) Object.assign(env, { HYDRA_URL: urls.hydra, HYDRA_LOGIN, HYDRA_PASSWORD });
  if (urls.lanbilling) Object.assign(env, { LANBILLING_URL: urls.lanbilling, LANBILLING_LOGIN: LB_LOGIN, LANBILLING_PASSWORD: LB_PASSWORD });
  if (urls.userside) Object.assign(env, { USERSIDE_URL: urls.userside, USERSIDE_API_KEY: US_API_KEY });
  if (urls.smarty) Object.assign(env, { SMARTY_URL: urls.smarty, SMARTY_API_KEY });
  if (urls.smotreshka) env.SMOTRESHKA_URL = urls.smotreshka;
  if (urls.smartyard) env.SMARTYARD_URL = urls.smartyard;
  return env;
}
