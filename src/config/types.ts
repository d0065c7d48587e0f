/**
 * Shapes of the loaded configuration. `sync.yaml` names sources, targets and mapping files;
 * mapping files are kept with their YAML positions so compile errors can name file:line:col.
 */
import type { SourcePosition } from '../model/errors.js';
import type { RateLimit } from '../util/rate-limit.js';
import type { DriftPolicy, SafetyConfig } from '../model/target-policy.js';
import type { LoadedYaml } from '../model/loaded-yaml.js';
import type { DeclaredState } from './adapter-descriptor.js';
import type { BridgesConfig } from '../bridges/config.js';
import type { UpsaleSettings } from '../bridges/smotreshka-upsale/config.js';

// The core's shapes, re-exported where config code has always found them.
export type { LoadedYaml, YamlPath } from '../model/loaded-yaml.js';
export type { DriftPolicy, Limit, SafetyConfig } from '../model/target-policy.js';

export interface RetryPolicy {
  /** Total attempts including the first. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * Ops of the target that fail in a row with the same reason before the target is stopped for
   * the run (a wrong key or a dead platform fails every op alike; hammering it helps nobody).
   * Absent = DEFAULT_STOP_AFTER.
   */
  readonly stopAfter?: number;
}

export const DEFAULT_STOP_AFTER = 10;


export interface SourceConfig {
  readonly name: string;
  readonly type: string;
  /** Type-specific options with secrets resolved (url, login, password, per_page, …). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly rate: RateLimit;
  readonly position: SourcePosition;
}

export interface TargetConfig {
  readonly name: string;
  readonly type: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly rate: RateLimit;
  readonly retry: RetryPolicy;
  readonly safety: SafetyConfig;
  readonly drift: DriftPolicy;
  readonly position: SourcePosition;
}

/** The `daemon:` section of sync.yaml (`billsync run`), defaults applied. */
export interface DaemonConfig {
  /** Time between two reconciles of a target, in ms (upper bound: jitter only shortens it). */
  readonly intervalMs: number;
  /** Share of the interval a run may start early, at random (0..0.9). */
  readonly jitter: number;
  /**
   * Change-driven rounds: the longest time between two full reads of a target's sources, in ms;
   * rounds between them read only what the sources list as changed. Absent = every round is full.
   */
  readonly fullEveryMs?: number;
  /** Per-target interval overrides, in ms, by target name. */
  readonly targetIntervalsMs: Readonly<Record<string, number>>;
  /** host:port of the trigger / health / metrics endpoint. */
  readonly listen: string;
  /** Bearer token for POST /v1/sync; absent = triggers refused. A secret. */
  readonly token?: string;
  /** Bound on a graceful shutdown, in ms. */
  readonly shutdownTimeoutMs: number;
  /** The web console on the same port; absent = on when listening on loopback (daemon/ui/settings.ts). */
  readonly ui?: boolean;
  /**
   * Who may read the console's pages: `none` (anyone who reaches the port), `token` (log in with
   * daemon.token). Absent = none on loopback, token otherwise. Actions always need the token.
   */
  readonly uiAuth?: 'none' | 'token';
  /** The Smotreshka upsale callbacks (bridges/smotreshka-upsale); absent = every call refused. */
  readonly smotreshkaUpsale?: UpsaleSettings;
}

export interface SyncConfig {
  /** Absolute path of sync.yaml; relative paths in it resolve against its directory. */
  readonly file: string;
  readonly dir: string;
  /** `secretKey`: `store.secret_key`, the key of the store's secret digests (store/secret-key.ts). */
  readonly store: { readonly url: string; readonly secretKey?: string };
  readonly sources: Readonly<Record<string, SourceConfig>>;
  readonly targets: Readonly<Record<string, TargetConfig>>;
  /** `billsync run` settings; absent only in configs built by hand (tests), meaning the defaults. */
  readonly daemon?: DaemonConfig;
  /** The `bridges:` section (bridges/config.ts); absent = no bridge is served. */
  readonly bridges?: BridgesConfig;
  /** Mapping files as loaded and schema-validated, not yet compiled. */
  readonly mappings: readonly LoadedYaml[];
  /**
   * State targets declare in files of their own (SmartYard's `inventory:`; see
   * adapter-descriptor.ts), checked and expanded, by target name. Absent only in configs built
   * by hand (tests), meaning none.
   */
  readonly inventories?: Readonly<Record<string, DeclaredState>>;
  /** Every resolved secret value, for redaction. Never persisted. */
  readonly secretValues: readonly string[];
  /** Hash of the configuration with secrets blanked: saved plans carry it. */
  readonly hash: string;
}
