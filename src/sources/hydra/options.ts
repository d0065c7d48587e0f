/**
 * Options of a `hydra` source as sync.yaml gives them (snake_case, secrets already resolved),
 * checked and turned into what the client needs. Mistakes name their config path.
 */
import { BillsyncError } from '../../model/errors.js';
import type { SubscriberStatus } from '../../model/subscriber.js';
import type { RateLimit } from '../../util/rate-limit.js';
import { buildStatusMap } from './status.js';

/**
 * Largest page size a vendor client is known to use (K2 clients send per_page=1000). Larger
 * values are clamped: a server that silently caps pages would make a short page look like the end.
 */
export const MAX_PER_PAGE = 1000;

export interface HydraOptions {
  /** Origin of the Hoper service, e.g. `https://hydra.example:8000`. */
  readonly origin: string;
  /** Path prefix of the API, e.g. `/rest/v2` (no trailing slash). */
  readonly basePath: string;
  readonly login: string;
  readonly password: string;
  readonly perPage: number;
  readonly timeoutMs: number;
  readonly rate: RateLimit;
  readonly statusMap: ReadonlyMap<number, SubscriberStatus>;
  /** First retry delay; doubles per attempt (with jitter). */
  readonly retryBaseMs: number;
}

export function parseHydraOptions(name: string, config: Readonly<Record<string, unknown>>): HydraOptions {
  const path = `sources.${name}`;
  const url = requireString(config, 'url', path);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BillsyncError('CONFIG_RULE', `'${url}' is not a URL`, {
      path: `${path}.url`,
      fix: 'give the Hoper base URL including /rest/v2, e.g. https://hydra.example:8000/rest/v2',
    });
  }
  return {
    origin: parsed.origin,
    basePath: parsed.pathname.replace(/\/+$/, ''),
    login: requireString(config, 'login', path),
    password: requireString(config, 'password', path),
    perPage: Math.min(MAX_PER_PAGE, positiveInt(config, 'per_page', path) ?? MAX_PER_PAGE),
    timeoutMs: positiveInt(config, 'timeout_ms', path) ?? 30_000,
    rate: rateOf(config, path),
    statusMap: buildStatusMap(config.status_map, `${path}.status_map`),
    retryBaseMs: positiveInt(config, 'retry_base_ms', path) ?? 500,
  };
}

/**
 * Accepts the config layer's RateLimit (`{requests, perSeconds, concurrency}`) and the raw YAML
 * form (`rate: {requests, per_seconds}` plus a sibling `concurrency`).
 */
function rateOf(config: Readonly<Record<string, unknown>>, path: string): RateLimit {
  const raw = config.rate;
  const rate = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const num = (v: unknown): number | undefined => (typeof v === 'number' && v > 0 ? v : undefined);
  return {
    requests: num(rate.requests),
    perSeconds: num(rate.perSeconds) ?? num(rate.per_seconds),
    concurrency: num(rate.concurrency) ?? positiveInt(config, 'concurrency', path) ?? 8,
  };
}

function requireString(config: Readonly<Record<string, unknown>>, key: string, path: string): string {
  const v = config[key];
  if (typeof v !== 'string' || v === '') {
    throw new BillsyncError('CONFIG_RULE', `${key} is required for a hydra source`, {
      path: `${path}.${key}`,
      fix: key === 'url' ? 'set it to the Hoper URL including /rest/v2' : `set ${path}.${key}, e.g. to \${HYDRA_${key.toUpperCase()}}`,
    });
  }
  return v;
}

function positiveInt(config: Readonly<Record<string, unknown>>, key: string, path: string): number | undefined {
  const v = config[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new BillsyncError('CONFIG_RULE', `${key} must be a positive integer`, { path: `${path}.${key}` });
  }
  return v;
}
