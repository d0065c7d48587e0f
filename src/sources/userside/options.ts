/**
 * Options of a `userside` source as sync.yaml gives them (snake_case, secrets already resolved),
 * checked and turned into what the client needs. Mistakes name their config path.
 */
import { booleanOption, positiveIntOption, rateOption, requiredTextOption, urlOption, utcOffsetOption } from '../../config/option-readers.js';
import { BillsyncError } from '../../model/errors.js';
import type { RateLimit } from '../../util/rate-limit.js';
import { buildStatusMap, type StateRule } from './status.js';
import { checkedAgainst } from '../../config/options-check.js';
import { USERSIDE_OPTIONS_SCHEMA } from './options-schema.js';

/**
 * How customers are read: `list` = one `module/get_user_list` (cheapest; older installs lack
 * it), `batched` = `customer/get_customers_id` then `customer/get_data` per batch of ids,
 * `auto` = the list when the install has it, else batched (found out once, then remembered).
 */
export type BulkMode = 'auto' | 'list' | 'batched';
export const BULK_MODES: readonly BulkMode[] = ['auto', 'list', 'batched'];

export const DEFAULT_BATCH_SIZE = 100;
/** Ids per get_data call at most: the list travels in the query (or a form body past ~2 KB). */
export const MAX_BATCH_SIZE = 1000;

export interface UsersideOptions {
  /** Origin of the ERP, e.g. `https://erp.example`. */
  readonly origin: string;
  /** Path of api.php, e.g. `/api.php`. */
  readonly path: string;
  readonly apiKey: string;
  readonly bulk: BulkMode;
  readonly batchSize: number;
  readonly timeoutMs: number;
  readonly rate: RateLimit;
  readonly statusMap: ReadonlyMap<number, StateRule>;
  /** The ERP server's offset from UTC in minutes (its dates carry none). */
  readonly utcOffsetMinutes: number;
  /** First retry delay; doubles per attempt (with jitter). */
  readonly retryBaseMs: number;
  /**
   * `billing_id` to read: sent to get_user_list (some versions demand it) and get_customers_id,
   * so both read the customers of that one billing. Undefined: every customer, no billing_id sent.
   */
  readonly billingId?: number;
  /**
   * Fill `Subscriber.devices` with the customer's `ip_mac` MACs. These are whatever UserSide
   * records for the connection (a CPE or router as often as a set-top box), so the mapping's
   * devices section decides which to bind.
   */
  readonly devices: boolean;
}

function readUsersideOptions(name: string, config: Readonly<Record<string, unknown>>): UsersideOptions {
  const path = `sources.${name}`;
  const required = (key: string): string =>
    requiredTextOption(config, key, path, {
      owner: 'a userside source',
      fix: key === 'url' ? 'set it to the URL of api.php, e.g. https://erp.example/api.php' : `set ${path}.${key}, e.g. to \${USERSIDE_API_KEY}`,
    });
  const parsed = urlOption(required('url'), path, 'give the URL of api.php, e.g. https://erp.example/api.php');
  if (parsed.search !== '') {
    throw new BillsyncError('CONFIG_RULE', 'url must not carry a query string', {
      path: `${path}.url`,
      fix: `give the URL of api.php without ?key=…; put the key in ${path}.api_key`,
    });
  }
  const pathname = parsed.pathname.replace(/\/+$/, '');
  const bulk = config.bulk ?? 'auto';
  if (typeof bulk !== 'string' || !(BULK_MODES as readonly string[]).includes(bulk)) {
    throw new BillsyncError('CONFIG_RULE', `bulk must be one of ${BULK_MODES.join(', ')}`, { path: `${path}.bulk`, fix: 'leave it out (auto) unless the ERP needs one way' });
  }
  const utcOffsetMinutes = utcOffsetOption(config, path, "set it to the ERP server's offset from UTC, e.g. '+05:00' for Yekaterinburg");
  return {
    origin: parsed.origin,
    // A bare ERP URL means its api.php, the only endpoint UserSide has.
    path: pathname.endsWith('.php') ? pathname : `${pathname}/api.php`,
    apiKey: required('api_key'),
    bulk: bulk as BulkMode,
    batchSize: Math.min(MAX_BATCH_SIZE, positiveIntOption(config, 'batch_size', path) ?? DEFAULT_BATCH_SIZE),
    timeoutMs: positiveIntOption(config, 'timeout_ms', path) ?? 60_000,
    // UserSide is one PHP application on the ISP's own server: be gentler than with a billing API.
    rate: rateOption(config, path, 4),
    statusMap: buildStatusMap(config.status_map, `${path}.status_map`),
    utcOffsetMinutes,
    retryBaseMs: positiveIntOption(config, 'retry_base_ms', path) ?? 500,
    billingId: positiveIntOption(config, 'billing_id', path),
    devices: booleanOption(config, 'devices', path),
  };
}

/** The block's options, checked by the readers above and then against USERSIDE_OPTIONS_SCHEMA. */
export const parseUsersideOptions = checkedAgainst('sources', USERSIDE_OPTIONS_SCHEMA, readUsersideOptions);
