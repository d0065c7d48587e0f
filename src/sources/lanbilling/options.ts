/**
 * Options of a `lanbilling` source as sync.yaml gives them (snake_case, secrets already
 * resolved), checked and turned into what the client needs. Mistakes name their config path.
 */
import { BillsyncError } from '../../model/errors.js';
import type { RateLimit } from '../../util/rate-limit.js';
import { parseUtcOffset } from './dates.js';

/** Default `flt.pgsize`; LBcore documents no cap, and a page of brief vgroups is small. */
export const DEFAULT_PER_PAGE = 500;
export const MAX_PER_PAGE = 10_000;

export interface LanbillingOptions {
  /** Origin of LBcore's SOAP port, e.g. `http://billing.example:34012`. */
  readonly origin: string;
  /** Path to POST to (`/` on LBcore's own port). */
  readonly path: string;
  /** A manager account (SOAP `Login`). */
  readonly login: string;
  readonly password: string;
  /** Agents whose account entries are read, in this order. */
  readonly agents: readonly number[];
  readonly perPage: number;
  readonly timeoutMs: number;
  readonly rate: RateLimit;
  /** The billing server's offset from UTC in minutes (its dates carry none). */
  readonly utcOffsetMinutes: number;
  /** First retry delay; doubles per attempt (with jitter). */
  readonly retryBaseMs: number;
}

export function parseLanbillingOptions(name: string, config: Readonly<Record<string, unknown>>): LanbillingOptions {
  const path = `sources.${name}`;
  const url = requireString(config, 'url', path);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BillsyncError('CONFIG_RULE', `'${url}' is not a URL`, {
      path: `${path}.url`,
      fix: "give LBcore's SOAP endpoint, e.g. http://billing.example:34012",
    });
  }
  const offsetText = config.utc_offset ?? '+03:00';
  const utcOffsetMinutes = typeof offsetText === 'string' ? parseUtcOffset(offsetText) : null;
  if (utcOffsetMinutes === null) {
    throw new BillsyncError('CONFIG_RULE', 'utc_offset must look like +03:00', {
      path: `${path}.utc_offset`,
      fix: "set it to the billing server's offset from UTC, e.g. '+05:00' for Yekaterinburg",
    });
  }
  return {
    origin: parsed.origin,
    path: `${parsed.pathname}${parsed.search}` || '/',
    login: requireString(config, 'login', path),
    password: requireString(config, 'password', path),
    agents: agentsOf(config.agents, `${path}.agents`),
    perPage: Math.min(MAX_PER_PAGE, positiveInt(config, 'per_page', path) ?? DEFAULT_PER_PAGE),
    timeoutMs: positiveInt(config, 'timeout_ms', path) ?? 30_000,
    rate: rateOf(config, path),
    utcOffsetMinutes,
    retryBaseMs: positiveInt(config, 'retry_base_ms', path) ?? 500,
  };
}

/** Agent ids: a non-empty list of positive integers (digit strings from `${ENV}` accepted). */
function agentsOf(value: unknown, path: string): number[] {
  const fix = 'list the ids of the agents whose account entries carry the services, e.g. `agents: [2]` (Справочники → Агенты)';
  if (!Array.isArray(value) || value.length === 0) {
    throw new BillsyncError('CONFIG_RULE', 'agents is required for a lanbilling source', { path, fix });
  }
  const ids = value.map((v, i) => {
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      throw new BillsyncError('CONFIG_RULE', `'${String(v)}' is not an agent id`, { path: `${path}.${i}`, fix });
    }
    return n;
  });
  return [...new Set(ids)];
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
    throw new BillsyncError('CONFIG_RULE', `${key} is required for a lanbilling source`, {
      path: `${path}.${key}`,
      fix: key === 'url' ? "set it to LBcore's SOAP endpoint, e.g. http://billing.example:34012" : `set ${path}.${key}, e.g. to \${LANBILLING_${key.toUpperCase()}}`,
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
