/**
 * Shapes of the loaded configuration. `sync.yaml` names sources, targets and mapping files;
 * mapping files are kept with their YAML positions so compile errors can name file:line:col.
 */
import type { SourcePosition } from '../model/errors.js';
import type { RateLimit } from '../util/rate-limit.js';
import type { Inventory } from '../inventory/types.js';
import type { UpsaleSettings } from '../bridges/smotreshka-upsale/config.js';

/** Path into a YAML document: keys and list indexes. */
export type YamlPath = readonly (string | number)[];

/** A parsed YAML file that still knows where every node came from. */
export interface LoadedYaml {
  readonly file: string;
  /** Plain JS value of the document (after secret resolution, where applied). */
  readonly value: unknown;
  /** Position of the node at `path`; falls back to the nearest existing ancestor. */
  positionOf(path: YamlPath): SourcePosition;
}

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

/** A delete/block cap: an absolute count or a share of the target's snapshot entities. */
export type Limit = { readonly count: number } | { readonly percent: number; /** floor of the cap */ readonly atLeast?: number };

export interface SafetyConfig {
  /**
   * If a source returns fewer than this share of the subscribers the snapshot holds for it
   * (e.g. 0.5 = half), no deletes or blocks are planned without an override.
   */
  readonly minSourceShare: number;
  readonly maxDeletes?: Limit;
  readonly maxBlocks?: Limit;
  /** Set members (tariffs, subscriptions, door rights) subscribers may lose in one run. */
  readonly maxRemovals?: Limit;
}

export interface SourceConfig {
  readonly name: string;
  readonly type: string;
  /** Type-specific options with secrets resolved (url, login, password, per_page, …). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly rate: RateLimit;
  readonly position: SourcePosition;
}

/** What a refreshed plan does with set members the platform added by itself. */
export type DriftPolicy = 'enforce' | 'keep' | 'report';

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
  /** Mapping files as loaded and schema-validated, not yet compiled. */
  readonly mappings: readonly LoadedYaml[];
  /**
   * Inventories (`targets.<name>.inventory`), checked and expanded, by target name. Absent only
   * in configs built by hand (tests), meaning none.
   */
  readonly inventories?: Readonly<Record<string, Inventory>>;
  /** Every resolved secret value, for redaction. Never persisted. */
  readonly secretValues: readonly string[];
  /** Hash of the configuration with secrets blanked: saved plans carry it. */
  readonly hash: string;
}
