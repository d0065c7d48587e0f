/**
 * What a source or target adapter declares about itself, so that adding a system is one folder
 * plus one line in its registry (sources/registry.ts, targets/registry.ts): its `type`, the
 * JSON-Schema fragment of its options (sync.yaml's schema is built from these), its option parser
 * (checked against that fragment), what else its config block may declare (SmartYard's
 * inventory), and where its emulator is. Nothing outside the adapter's folder names its type.
 */
import type { Entity } from '../model/entity.js';
import type { BillsyncError, SourcePosition } from '../model/errors.js';
import type { AccessIndex } from '../mapping/access-index.js';
import type { OptionBlock } from './option-readers.js';
import type { JsonSchema } from './schema/json-schema.js';

export type { OptionBlock };

export interface AdapterDescriptor<Options = unknown> {
  /** `type:` in sync.yaml. Lowercase; unique among sources and targets. */
  readonly type: string;
  /** The system's name for people: docs table, messages (`Latera Hydra billing`). */
  readonly system: string;
  /** How billsync talks to it, one line for the docs table. */
  readonly wire: string;
  /**
   * The block's own keys (besides the common `type`, `rate`, `concurrency`, …) as a JSON Schema
   * object fragment: `description`, `required`, `properties`. It may `$ref` the shared
   * definitions of config/schema/core.ts (`#/$defs/httpUrl`, `#/$defs/status`, …).
   */
  readonly optionsSchema: JsonSchema;
  /**
   * The block's options, checked (first by the adapter's own readers, whose messages say most,
   * then against `optionsSchema`) and typed. Throws a CONFIG_RULE BillsyncError naming the path.
   */
  parseOptions(name: string, block: OptionBlock): Options;
  /** Desired state the block may declare in a file of its own (SmartYard's `inventory:`). */
  readonly declaredState?: DeclaredStateSpec;
  /**
   * The system's emulator, loaded only when asked for (`billsync emulators`, tests): config
   * loading never loads server code. Absent = none.
   */
  readonly emulator?: () => Promise<EmulatorFactory>;
}

/**
 * A config key naming a file of desired entities no subscriber owns (SmartYard's devices and
 * doors). loadConfig calls `load` for every block of the type whose `option` is a non-empty path.
 */
export interface DeclaredStateSpec {
  /** The key of the block holding the file's path (relative to sync.yaml). */
  readonly option: string;
  load(ctx: DeclaredStateContext): Promise<DeclaredStateLoad>;
}

export interface DeclaredStateContext {
  /** Target name in sync.yaml. */
  readonly target: string;
  /** Absolute path of the file. */
  readonly file: string;
  /** The path as messages show it. */
  readonly display: string;
  readonly env: NodeJS.ProcessEnv;
  /** Directory relative `${file:…}` paths resolve against (sync.yaml's, as everywhere in config). */
  readonly baseDir: string;
  /** Where sync.yaml names the file, for a missing file. */
  readonly namedAt: { readonly position: SourcePosition; readonly path: string };
}

export interface DeclaredStateLoad {
  /** Present when the file is free of errors. */
  readonly state?: DeclaredState;
  readonly errors: readonly BillsyncError[];
  /** Every credential the file resolves to, for log redaction (also when it has errors). */
  readonly secretValues: readonly string[];
  /** What the configuration hash covers (secret values as digests). */
  readonly hashInput?: unknown;
}

/** Desired entities a target's config declares beside those mapped from subscribers. */
export interface DeclaredState {
  /** Target name in sync.yaml. */
  readonly target: string;
  /** The file, as errors and messages name it. */
  readonly file: string;
  /** Desired entities with no origin: no subscriber owns them. */
  readonly entities: readonly Entity[];
  /** Entities by the address they serve, for `access:` mappings; absent when the state has none. */
  readonly access?: AccessIndex;
}

/**
 * How `billsync emulators` (and the demo) start a system's emulator: set up as the demo sets it
 * up, with generated records where the system holds subscribers. Implemented in
 * emulators/<type>/standalone.ts, which shares no code with the adapter.
 */
export interface EmulatorFactory {
  create(opts: { readonly subscribers: number; readonly seed: number }): RunnableEmulator;
  /** What sync.yaml.example reads to reach the running emulator at `url` (URL, credentials). */
  env(url: string): Readonly<Record<string, string>>;
}

/** The lifecycle every emulator has (emulators/kit/emulator.ts's LoopbackEmulator, structurally). */
export interface RunnableEmulator {
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
  stats(): unknown;
  resetStats(): void;
}
