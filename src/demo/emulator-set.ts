/**
 * The emulators `billsync emulators` runs for an operator's own tests and CI: any subset of the
 * six systems on loopback, set up as the demo sets them up (generated subscribers, the shipped
 * catalogues, the same credentials), and the environment that points sync.yaml.example at them.
 */
import type { AdapterDescriptor, RunnableEmulator } from '../config/adapter-descriptor.js';
import type { HydraEmulator } from '../emulators/hydra/index.js';
import type { LanbillingEmulator } from '../emulators/lanbilling/index.js';
import type { UsersideEmulator } from '../emulators/userside/index.js';
import type { SmartyEmulator } from '../emulators/smarty/index.js';
import type { SmotreshkaEmulator } from '../emulators/smotreshka/index.js';
import type { SmartyardEmulator } from '../emulators/smartyard/index.js';
import { SOURCES } from '../sources/registry.js';
import { TARGETS } from '../targets/registry.js';

/** Every registered system that has an emulator: sources, then targets, in registry order. */
const EMULATED: readonly AdapterDescriptor[] = [...SOURCES, ...TARGETS].filter((d) => d.emulator !== undefined);

/** The systems, in the order their ports follow `--port-base` (hydra = base, lanbilling = base + 1, …). */
export const SYSTEMS: readonly string[] = EMULATED.map((d) => d.type);
/** A system's `type`. */
export type SystemName = string;

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

/** Any of the emulators the set can run (the control API tells them apart by their switches). */
export type AnyEmulator = HydraEmulator | LanbillingEmulator | UsersideEmulator | SmartyEmulator | SmotreshkaEmulator | SmartyardEmulator;

export interface EmulatorSet {
  readonly hydra?: HydraEmulator;
  readonly lanbilling?: LanbillingEmulator;
  readonly userside?: UsersideEmulator;
  readonly smarty?: SmartyEmulator;
  readonly smotreshka?: SmotreshkaEmulator;
  readonly smartyard?: SmartyardEmulator;
  /** The same emulators by system type. */
  readonly byType: Readonly<Record<string, AnyEmulator>>;
  /** Base URL per running system, as its client is given it. */
  readonly urls: Readonly<Partial<Record<SystemName, string>>>;
  /** What sync.yaml.example reads: URLs and credentials of the running systems. */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * Starts the chosen systems' emulators through their descriptors (config/adapter-descriptor.ts
 * EmulatorFactory), each set up as the demo sets it up.
 */
export async function startEmulatorSet(opts: EmulatorSetOptions): Promise<EmulatorSet> {
  const seed = opts.seed ?? 42;
  const want = new Set(opts.systems);
  const chosen = EMULATED.filter((d) => want.has(d.type));
  const factories = await Promise.all(chosen.map(async (d) => [d.type, await d.emulator!()] as const));
  const running = factories.map(([type, f]) => [type, f, f.create({ subscribers: opts.subscribers, seed })] as const);
  const close = async (): Promise<void> => {
    await Promise.allSettled(running.map(([, , e]) => e.stop()));
  };
  const urls: Record<string, string> = {};
  const env: Record<string, string> = {};
  try {
    const started = await Promise.all(
      running.map(([name, , emulator]) => emulator.start(opts.portBase ? opts.portBase + SYSTEMS.indexOf(name) : 0)),
    );
    // In SYSTEMS order, whichever answered first.
    running.forEach(([name, factory], i) => {
      urls[name] = started[i]!;
      Object.assign(env, factory.env(started[i]!));
    });
  } catch (err) {
    await close();
    throw err;
  }
  // Each factory builds its own system's emulator: the typed fields are these objects by type.
  const byType = Object.fromEntries(running.map(([name, , e]) => [name, e])) as Record<string, RunnableEmulator> as Record<string, AnyEmulator>;
  return { ...(byType as Partial<EmulatorSet>), byType, urls, env, close };
}
