/**
 * The usm_billing bridge's mapping file: which subscriber fields become the universal API's
 * customer fields, which canonical status becomes which UserSide work state, and the tariff
 * plans get_tariff_list lists. See mappings/bridge-usm-billing.yaml for the annotated example.
 */
import type { YamlDocument } from '../../config/load.js';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '../../model/subscriber.js';
import { didYouMean } from '../../util/suggest.js';
import { BridgeCompiler, numberOf, section, textOf, type FieldFn } from '../fields.js';

/** Customer fields a mapping may set (`id` is always the subscriber's source id). */
export const CUSTOMER_FIELDS = [
  'login', 'full_name', 'flag_corporate', 'comment', 'account_number', 'agreement_number', 'agreement_date',
  'balance', 'credit', 'discount', 'date_connect', 'date_create', 'date_activity', 'phones', 'emails',
  'house_id', 'entrance', 'floor', 'apartment', 'ips', 'password',
] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/** The contract's only secret field: imported by UserSide when `$confIsImportPasswordToUsPassword` is on. */
const SECRET_FIELDS = new Set(['password']);

/** The universal API's work states (get_user_state_list), as billings that feed UserSide serve them. */
export const UNIVERSAL_STATES = { 2: { name: 'Active', functional: 'work' }, 1: { name: 'Pause', functional: 'pause' }, 0: { name: 'Stop', functional: 'stop' } } as const;

/**
 * Canonical status → state when the mapping says nothing: a debt or an operator's block stops
 * the customer in UserSide, the subscriber's own pause pauses.
 */
const DEFAULT_STATES: Readonly<Record<SubscriberStatus, number>> = { active: 2, blocked_user: 1, blocked_debt: 0, blocked_manager: 0, blocked_traffic: 0, off: 0 };

export interface UsmTariff {
  readonly id: string;
  readonly name: string;
  readonly payment: number;
  readonly payment_interval: number;
  readonly traffic: number;
  readonly service_type: number;
  readonly speed: { readonly up: number; readonly down: number };
}

export interface UsmMapping {
  readonly fields: Readonly<Record<CustomerField, FieldFn>>;
  /** Whether the mapping names `password` (only then does a row carry one). */
  readonly hasPassword: boolean;
  readonly states: Readonly<Record<SubscriberStatus, number>>;
  readonly tariffs: ReadonlyMap<string, UsmTariff>;
  /** List the services seen in the read as tariffs too (name from the read, payment 0). */
  readonly tariffsFromRead: boolean;
  readonly services: Readonly<Record<string, { id: string; name: string; cost: number }>>;
}

const TOP_KEYS = ['bridge', 'customer', 'states', 'tariffs', 'tariffs_from_read', 'services'];

/** Compiles the mapping; throws ConfigErrors naming file:line:col. */
export function compileUsmMapping(doc: YamlDocument): UsmMapping {
  const c = new BridgeCompiler(doc, SECRET_FIELDS);
  const value = doc.value as Readonly<Record<string, unknown>>;
  for (const k of Object.keys(value)) if (!TOP_KEYS.includes(k)) c.problem([k], `unknown key '${k}'${didYouMean(k, TOP_KEYS)}`, `keys: ${TOP_KEYS.join(', ')}`);

  const customer = section(c, value, 'customer');
  for (const k of Object.keys(customer)) {
    if (!(CUSTOMER_FIELDS as readonly string[]).includes(k)) c.problem(['customer', k], `'${k}' is not a universal API customer field${didYouMean(k, CUSTOMER_FIELDS)}`, `fields: ${CUSTOMER_FIELDS.join(', ')}`);
  }
  const fields = Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, c.field(['customer', f], customer[f])])) as Record<CustomerField, FieldFn>;

  const rawStates = section(c, value, 'states');
  const states: Record<SubscriberStatus, number> = { ...DEFAULT_STATES };
  for (const [k, v] of Object.entries(rawStates)) {
    if (!(SUBSCRIBER_STATUSES as readonly string[]).includes(k)) {
      c.problem(['states', k], `'${k}' is not a subscriber status${didYouMean(k, SUBSCRIBER_STATUSES)}`, `statuses: ${SUBSCRIBER_STATUSES.join(', ')}`);
    } else if (v !== 0 && v !== 1 && v !== 2) {
      c.problem(['states', k], `state of '${k}' must be 2 (work), 1 (pause) or 0 (stop)`);
    } else states[k as SubscriberStatus] = v;
  }

  const tariffs = new Map<string, UsmTariff>();
  for (const [id, t] of Object.entries(section(c, value, 'tariffs'))) {
    const at = ['tariffs', id];
    if (t === null || typeof t !== 'object' || Array.isArray(t)) {
      c.problem(at, `tariff ${id} must be a mapping: { name, payment, payment_interval, speed_up, speed_down, traffic, service_type }`);
      continue;
    }
    const o = t as Record<string, unknown>;
    const num = (k: string, fallback: number): number => {
      if (o[k] === undefined) return fallback;
      const n = numberOf(o[k]);
      if (n === null) c.problem([...at, k], `${k} of tariff ${id} must be a number`);
      return n ?? fallback;
    };
    tariffs.set(id, {
      id,
      name: textOf(o.name) ?? `Tariff ${id}`,
      payment: num('payment', 0),
      // Days: 30 = monthly fee, 1 = daily (as the universal API's billings report it).
      payment_interval: num('payment_interval', 30),
      traffic: num('traffic', -1),
      service_type: num('service_type', 0),
      speed: { up: num('speed_up', 0), down: num('speed_down', 0) },
    });
  }
  const services: Record<string, { id: string; name: string; cost: number }> = {};
  for (const [id, s] of Object.entries(section(c, value, 'services'))) {
    const o = (s ?? {}) as Record<string, unknown>;
    services[id] = { id, name: textOf(o.name) ?? `Service ${id}`, cost: numberOf(o.cost) ?? 0 };
  }
  const fromRead = value.tariffs_from_read;
  if (fromRead !== undefined && typeof fromRead !== 'boolean') c.problem(['tariffs_from_read'], 'tariffs_from_read must be true or false');
  c.finish();
  return { fields, hasPassword: customer.password !== undefined, states, tariffs, tariffsFromRead: fromRead !== false, services };
}
