/**
 * Options of a `hydra` source as sync.yaml gives them (snake_case, secrets already resolved),
 * checked and turned into what the client needs. Mistakes name their config path.
 */
import { booleanOption, positiveIntOption, rateOption, requiredTextOption, urlOption } from '../../config/option-readers.js';
import type { SubscriberStatus } from '../../model/subscriber.js';
import type { RateLimit } from '../../util/rate-limit.js';
import { parseEnumeration, type HydraEnumeration } from './enumeration.js';
import { buildStatusMap } from './status.js';
import { checkedAgainst } from '../../config/options-check.js';
import { HYDRA_OPTIONS_SCHEMA } from './options-schema.js';

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
  /** How full reads find customers: the list endpoint, listed ids, or none (event-only). */
  readonly enumeration: HydraEnumeration;
  /** Read each customer's equipment MAC addresses into `Subscriber.devices` (3+ requests a box). */
  readonly devices: boolean;
  /** Read payments of the last this-many days into `Subscriber.payments`; undefined = none. */
  readonly paymentsDays?: number;
}

function readHydraOptions(name: string, config: Readonly<Record<string, unknown>>): HydraOptions {
  const path = `sources.${name}`;
  const required = (key: string): string =>
    requiredTextOption(config, key, path, {
      owner: 'a hydra source',
      fix: key === 'url' ? 'set it to the Hoper URL including /rest/v2' : `set ${path}.${key}, e.g. to \${HYDRA_${key.toUpperCase()}}`,
    });
  const parsed = urlOption(required('url'), path, 'give the Hoper base URL including /rest/v2, e.g. https://hydra.example:8000/rest/v2');
  return {
    origin: parsed.origin,
    basePath: parsed.pathname.replace(/\/+$/, ''),
    login: required('login'),
    password: required('password'),
    perPage: Math.min(MAX_PER_PAGE, positiveIntOption(config, 'per_page', path) ?? MAX_PER_PAGE),
    timeoutMs: positiveIntOption(config, 'timeout_ms', path) ?? 30_000,
    rate: rateOption(config, path, 8),
    statusMap: buildStatusMap(config.status_map, `${path}.status_map`),
    retryBaseMs: positiveIntOption(config, 'retry_base_ms', path) ?? 500,
    enumeration: parseEnumeration(config, path),
    devices: booleanOption(config, 'devices', path),
    ...(config.payments_days !== undefined ? { paymentsDays: positiveIntOption(config, 'payments_days', path)! } : {}),
  };
}

/** The block's options, checked by the readers above and then against HYDRA_OPTIONS_SCHEMA. */
export const parseHydraOptions = checkedAgainst('sources', HYDRA_OPTIONS_SCHEMA, readHydraOptions);
