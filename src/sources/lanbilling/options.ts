/**
 * Options of a `lanbilling` source as sync.yaml gives them (snake_case, secrets already
 * resolved), checked and turned into what the client needs. Mistakes name their config path.
 */
import { booleanOption, positiveIntOption, rateOption, requiredTextOption, urlOption, utcOffsetOption } from '../../config/option-readers.js';
import { BillsyncError } from '../../model/errors.js';
import type { RateLimit } from '../../util/rate-limit.js';
import { checkedAgainst } from '../../config/options-check.js';
import { LANBILLING_OPTIONS_SCHEMA } from './options-schema.js';

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
  /** Read each entry's bound MAC addresses into `Subscriber.devices`. */
  readonly devices: boolean;
  /** Read the agreement's payments of the last this-many days into `Subscriber.payments`; undefined = none. */
  readonly paymentsDays?: number;
}

function readLanbillingOptions(name: string, config: Readonly<Record<string, unknown>>): LanbillingOptions {
  const path = `sources.${name}`;
  const required = (key: string): string =>
    requiredTextOption(config, key, path, {
      owner: 'a lanbilling source',
      fix: key === 'url' ? "set it to LBcore's SOAP endpoint, e.g. http://billing.example:34012" : `set ${path}.${key}, e.g. to \${LANBILLING_${key.toUpperCase()}}`,
    });
  const parsed = urlOption(required('url'), path, "give LBcore's SOAP endpoint, e.g. http://billing.example:34012");
  const utcOffsetMinutes = utcOffsetOption(config, path, "set it to the billing server's offset from UTC, e.g. '+05:00' for Yekaterinburg");
  return {
    origin: parsed.origin,
    path: `${parsed.pathname}${parsed.search}` || '/',
    login: required('login'),
    password: required('password'),
    agents: agentsOf(config.agents, `${path}.agents`),
    perPage: Math.min(MAX_PER_PAGE, positiveIntOption(config, 'per_page', path) ?? DEFAULT_PER_PAGE),
    timeoutMs: positiveIntOption(config, 'timeout_ms', path) ?? 30_000,
    rate: rateOption(config, path, 8),
    utcOffsetMinutes,
    retryBaseMs: positiveIntOption(config, 'retry_base_ms', path) ?? 500,
    devices: booleanOption(config, 'devices', path),
    ...(config.payments_days !== undefined ? { paymentsDays: positiveIntOption(config, 'payments_days', path)! } : {}),
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

/** The block's options, checked by the readers above and then against LANBILLING_OPTIONS_SCHEMA. */
export const parseLanbillingOptions = checkedAgainst('sources', LANBILLING_OPTIONS_SCHEMA, readLanbillingOptions);
