/**
 * The `bridges:` section of sync.yaml: the daemon answering the questions a platform asks the
 * billing (UserSide's usm_billing, SmartYard's smartyard_bill.py, …) from the sources' last
 * complete reads. Every bridge is off unless its block is present. Pure: parses what the schema
 * accepted; mapping files are loaded when the daemon starts (bridges/load-mapping.ts).
 */
import { BillsyncError } from '../model/errors.js';
import { MIN_TOKEN_LENGTH, parseDuration } from '../config/daemon.js';
import type { LoadedYaml, YamlPath } from '../config/types.js';
import type { SourcePosition } from '../model/errors.js';

/** One bridge's block: which source answers, through which mapping file. */
export interface BridgeConfig {
  /** Key under `bridges:` (`usm_billing`, `smartyard_billing`, …). */
  readonly name: string;
  /** Source name in sync.yaml whose last complete read answers the questions. */
  readonly source: string;
  /** Absolute path of the bridge's mapping file. */
  readonly mapping: string;
  /** The secret callers present (Bearer, or `key=` where the platform can only put it in a URL). */
  readonly token?: string;
  /** How old the source's last complete read may get before the bridge reads it itself, in ms. */
  readonly refreshMs: number;
  /** Where the block is, for errors found later (the mapping file, the source). */
  readonly position: SourcePosition;
}

export interface BridgesConfig {
  readonly bridges: Readonly<Record<string, BridgeConfig>>;
}

/** Default `refresh`: a read older than this is refreshed by the bridge itself. */
export const DEFAULT_BRIDGE_REFRESH_MS = 10 * 60_000;

/** Keys of `bridges:` that are settings for every bridge, not bridges. */
const SHARED_KEYS = new Set(['token', 'refresh']);

interface RawBridge {
  readonly source?: string;
  readonly mapping?: string;
  readonly token?: string;
  readonly refresh?: string;
}

/**
 * Builds the bridges from a schema-valid, secret-resolved sync.yaml; every problem is returned.
 * `dirOf` resolves a mapping path against sync.yaml's directory.
 */
export function buildBridges(sync: LoadedYaml, resolvePath: (p: string) => string): { bridges?: BridgesConfig } | { errors: BillsyncError[] } {
  const value = sync.value as { bridges?: Readonly<Record<string, unknown>>; sources?: Readonly<Record<string, unknown>>; daemon?: { token?: string } };
  const raw = value.bridges;
  if (raw === undefined || raw === null) return {};
  const errors: BillsyncError[] = [];
  const fail = (path: YamlPath, message: string, fix: string): void => {
    errors.push(new BillsyncError('CONFIG_RULE', message, { position: sync.positionOf(path), path: path.join('.'), fix }));
  };
  const token = (text: unknown, path: YamlPath): string | undefined => {
    if (typeof text !== 'string') return undefined;
    // A secret: name its length, never the value.
    if (text.length < MIN_TOKEN_LENGTH) fail(path, `the token is ${text.length} characters long; at least ${MIN_TOKEN_LENGTH} are needed`, 'use a random token, e.g. `openssl rand -hex 24`, from ${ENV_VAR} or ${file:/path}');
    return text;
  };
  const duration = (text: unknown, path: YamlPath, fallback: number): number => {
    if (typeof text !== 'string') return fallback;
    const ms = parseDuration(text);
    if (ms === null || ms <= 0) {
      fail(path, `'${text}' is not a duration`, "write a number with a unit: '30s', '5m' or '1h'");
      return fallback;
    }
    return ms;
  };
  const sharedToken = token(raw.token, ['bridges', 'token']) ?? value.daemon?.token;
  const sharedRefresh = duration(raw.refresh, ['bridges', 'refresh'], DEFAULT_BRIDGE_REFRESH_MS);
  const sources = Object.keys(value.sources ?? {});
  const bridges: Record<string, BridgeConfig> = {};
  for (const [name, block] of Object.entries(raw)) {
    if (SHARED_KEYS.has(name) || block === null || typeof block !== 'object') continue;
    const b = block as RawBridge;
    const at = ['bridges', name];
    if (typeof b.source !== 'string' || !sources.includes(b.source)) {
      fail([...at, 'source'], `bridge ${name} names no source of this file ('${String(b.source)}')`, `use one of the names under sources: (${sources.join(', ')})`);
      continue;
    }
    if (typeof b.mapping !== 'string' || b.mapping.trim() === '') {
      fail([...at, 'mapping'], `bridge ${name} needs a mapping file`, `set bridges.${name}.mapping, e.g. mappings/bridge-${name.replace(/_/g, '-')}.yaml`);
      continue;
    }
    const own = token(b.token, [...at, 'token']);
    const tok = own ?? sharedToken;
    bridges[name] = {
      name,
      source: b.source,
      mapping: resolvePath(b.mapping),
      ...(tok !== undefined ? { token: tok } : {}),
      refreshMs: duration(b.refresh, [...at, 'refresh'], sharedRefresh),
      position: sync.positionOf(at),
    };
  }
  return errors.length > 0 ? { errors } : { bridges: { bridges } };
}

/** The bridges section changes no plan: kept out of the config hash, as the daemon section is. */
export function withoutBridges(redactedSync: unknown): unknown {
  if (typeof redactedSync !== 'object' || redactedSync === null || Array.isArray(redactedSync)) return redactedSync;
  const { bridges: _ignored, ...rest } = redactedSync as Record<string, unknown>;
  return rest;
}
