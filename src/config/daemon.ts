/**
 * The `daemon:` section of sync.yaml: durations parsed, defaults applied, and the checks the
 * schema cannot make (values that came from `${…}`, names that must match `targets:`). Pure.
 */
import { BillsyncError } from '../model/errors.js';
import type { DaemonConfig, LoadedYaml, YamlPath } from './types.js';
import { buildUpsale, type RawUpsale } from '../bridges/smotreshka-upsale/config.js';

export const DEFAULT_DAEMON: DaemonConfig = {
  intervalMs: 5 * 60_000,
  jitter: 0.1,
  targetIntervalsMs: {},
  listen: '127.0.0.1:8089',
  shutdownTimeoutMs: 30_000,
};

/** A bearer token shorter than this is guessable; refuse it rather than run exposed. */
export const MIN_TOKEN_LENGTH = 16;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `'500ms'`, `'30s'`, `'5m'`, `'1.5h'` → milliseconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
}

interface RawDaemon {
  readonly interval?: string;
  readonly full_every?: string;
  readonly jitter?: number;
  readonly listen?: string;
  readonly token?: string;
  readonly shutdown_timeout?: string;
  readonly targets?: Readonly<Record<string, { readonly interval?: string }>>;
  readonly ui?: boolean;
  readonly ui_auth?: 'none' | 'token';
  readonly smotreshka_upsale?: RawUpsale;
}

/**
 * Builds the daemon settings from a schema-valid, secret-resolved sync.yaml. Returns every
 * problem found instead of the settings when there is one.
 */
export function buildDaemon(sync: LoadedYaml): { daemon: DaemonConfig } | { errors: BillsyncError[] } {
  const value = sync.value as { daemon?: RawDaemon; targets?: Readonly<Record<string, unknown>> };
  const raw = value.daemon ?? {};
  const errors: BillsyncError[] = [];
  const fail = (path: YamlPath, message: string, fix: string): void => {
    errors.push(new BillsyncError('CONFIG_RULE', message, { position: sync.positionOf(path), path: path.join('.'), fix }));
  };
  const duration = (text: string | undefined, path: YamlPath, fallback: number): number => {
    if (text === undefined) return fallback;
    const ms = parseDuration(text);
    if (ms === null || ms <= 0) {
      fail(path, `'${text}' is not a duration`, "write a number with a unit: '500ms', '30s', '5m' or '1h' (check what ${…} references resolve to)");
      return fallback;
    }
    return ms;
  };

  const intervalMs = duration(raw.interval, ['daemon', 'interval'], DEFAULT_DAEMON.intervalMs);
  const targetIntervalsMs: Record<string, number> = {};
  const known = Object.keys(value.targets ?? {});
  for (const [name, t] of Object.entries(raw.targets ?? {})) {
    if (!known.includes(name)) {
      fail(['daemon', 'targets', name], `no target named '${name}'`, `use one of the names under targets: (${known.join(', ')})`);
      continue;
    }
    if (t.interval !== undefined) targetIntervalsMs[name] = duration(t.interval, ['daemon', 'targets', name, 'interval'], intervalMs);
  }
  const listen = raw.listen ?? DEFAULT_DAEMON.listen;
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]*):\d{1,5}$/.test(listen) || Number(listen.slice(listen.lastIndexOf(':') + 1)) > 65535) {
    fail(['daemon', 'listen'], `'${listen}' is not host:port`, 'write e.g. 127.0.0.1:8089 (port 0 picks a free port)');
  }
  if (raw.token !== undefined && raw.token.length < MIN_TOKEN_LENGTH) {
    // The value is a secret: name its length, never the value.
    fail(['daemon', 'token'], `the trigger token is ${raw.token.length} characters long; at least ${MIN_TOKEN_LENGTH} are needed`, 'use a random token, e.g. `openssl rand -hex 24`, from ${ENV_VAR} or ${file:/path}');
  }
  if (raw.ui_auth === 'token' && raw.ui !== false && raw.token === undefined) {
    fail(['daemon', 'ui_auth'], 'the console asks for a login with daemon.token, but daemon.token is not set', 'set daemon.token (from ${ENV_VAR} or ${file:/path}), or ui_auth: none on a loopback listen address');
  }
  const upsale = raw.smotreshka_upsale ? buildUpsale(sync, raw.smotreshka_upsale, (text, path) => (text === undefined ? undefined : duration(text, path, 0))) : undefined;
  if (upsale) errors.push(...upsale.errors);
  const fullEveryMs = raw.full_every === undefined ? undefined : duration(raw.full_every, ['daemon', 'full_every'], intervalMs);
  if (fullEveryMs !== undefined && fullEveryMs < intervalMs) {
    fail(['daemon', 'full_every'], `full_every '${raw.full_every}' is shorter than the interval: every round would read the sources whole`, `make it a multiple of daemon.interval (e.g. '1h' with interval '5m'), or remove it`);
  }
  const daemon: DaemonConfig = {
    intervalMs,
    ...(fullEveryMs !== undefined ? { fullEveryMs } : {}),
    jitter: raw.jitter ?? DEFAULT_DAEMON.jitter,
    targetIntervalsMs,
    listen,
    ...(raw.token !== undefined ? { token: raw.token } : {}),
    shutdownTimeoutMs: duration(raw.shutdown_timeout, ['daemon', 'shutdown_timeout'], DEFAULT_DAEMON.shutdownTimeoutMs),
    ...(raw.ui !== undefined ? { ui: raw.ui } : {}),
    ...(raw.ui_auth !== undefined ? { uiAuth: raw.ui_auth } : {}),
    ...(upsale?.settings ? { smotreshkaUpsale: upsale.settings } : {}),
  };
  return errors.length > 0 ? { errors } : { daemon };
}

/** The daemon section without the parts that cannot change a plan: kept out of the config hash. */
export function withoutDaemon(redactedSync: unknown): unknown {
  if (typeof redactedSync !== 'object' || redactedSync === null || Array.isArray(redactedSync)) return redactedSync;
  const { daemon: _ignored, ...rest } = redactedSync as Record<string, unknown>;
  return rest;
}
