/**
 * JSON shapes the emulator answers with: the API envelope and the info views of customers and
 * accounts (CustomerInfo / AccountInfo in the docs).
 */
import type { SmartyAccount, SmartyCustomer, SmartyState } from './state.js';
import type { SmartyDevice } from './device-state.js';
import { kopecksText } from './transaction-state.js';

/** Every answer: `error` 0 = OK, positive = method error, negative = common error. */
export interface ApiAnswer {
  readonly error: number;
  readonly error_message: string;
  readonly [field: string]: unknown;
}

export function ok(data: Record<string, unknown> = {}): ApiAnswer {
  return { ...data, error: 0, error_message: '' };
}

export function fail(error: number, message: string, fields?: Record<string, readonly string[]>): ApiAnswer {
  return fields ? { error, error_message: message, error_fields: fields } : { error, error_message: message };
}

/** Profile fields a lenient emulator adds to customer/info and list items (`customerProfile`). */
const INFO_PROFILE_FIELDS = [
  'firstname',
  'middlename',
  'lastname',
  'comment',
  'mobile_phone_number',
  'phone_number_1',
  'phone_number_2',
] as const;

/** What customer/info and customer/list answer beyond the documented fields. */
export interface CustomerViewOptions {
  /** `id` and `ext_id` in customer/info, `ext_id` in list items (neither is documented there). */
  readonly ids: boolean;
  /** Names, comment and phones (the docs list none of them in the answer). */
  readonly profile: boolean;
}

/**
 * customer/info (and the items of customer/list, `forList`), with the documented fields only:
 * accounts, subscriptions, balance, payments_count, tariffs_info, vtariffs_info, meta, birthdate,
 * autopayment_enabled, tariffs; list items add `id`, `mobile_phone_number` and `accounts[].active`.
 * Not `ext_id` — a client cannot learn which customer an answer is from its answer — nor names.
 */
export function customerView(c: SmartyCustomer, state: SmartyState, o: CustomerViewOptions, forList = false): Record<string, unknown> {
  const accounts = [...c.accounts].flatMap((id) => {
    const a = state.accounts.get(id);
    if (!a) return [];
    const item: Record<string, unknown> = { id: a.id, abonement: a.abonement, activation_days_left: null, on_trial_period: false };
    if (forList) item.active = a.flags.active;
    return [item];
  });
  const tariffIds = [...c.tariffs].sort((x, y) => x - y);
  const view: Record<string, unknown> = {
    accounts,
    subscriptions: [],
    balance: kopecksText(state.transactions.balanceKopecks(c.id)),
    payments_count: state.transactions.ofCustomer(c.id).length,
    tariffs_info: tariffIds.map((id) => ({ id, ext_id: state.tariffs.get(id)?.ext_id ?? '' })),
    vtariffs_info: [],
    // Stored as the JSON object text create/modify validated; modify replaces it whole (INFERRED).
    meta: c.profile.meta ? (JSON.parse(c.profile.meta) as unknown) : {},
    birthdate: c.profile.birthdate || null,
    autopayment_enabled: false,
    tariffs: tariffIds,
  };
  if (forList) {
    view.id = c.id;
    view.mobile_phone_number = c.profile.mobile_phone_number ?? '';
  }
  if (o.ids) {
    view.id = c.id;
    view.ext_id = c.ext_id;
  }
  if (o.profile) for (const f of INFO_PROFILE_FIELDS) view[f] = c.profile[f] ?? '';
  return view;
}

/**
 * account/info (and the items of account/list). `account_ext_id` is not documented in the
 * answer, so it is not returned.
 */
export function accountView(a: SmartyAccount, state: SmartyState): Record<string, unknown> {
  return {
    id: a.id,
    abonement: a.abonement,
    active: a.flags.active,
    last_active: null,
    created_at: a.created_at,
    status_reason: a.status_reason,
    auto_activation_period: a.extra.auto_activation_period ?? null,
    extension_date: a.extra.extension_date ?? null,
    activation_date: a.extra.activation_date ?? null,
    deactivation_date: a.extra.deactivation_date ?? null,
    allow_multiple_login: a.flags.allow_multiple_login,
    allow_login_by_abonement: a.flags.allow_login_by_abonement,
    allow_login_by_device_uid: a.flags.allow_login_by_device_uid,
    allow_login_by_ip: a.flags.allow_login_by_ip,
    parent_code: a.extra.parent_code ?? '',
    use_timeshift: a.flags.use_timeshift,
    preferred_timeshift_offset: a.extra.preferred_timeshift_offset ?? null,
    devices: state.devices.ofAccount(a.id).map((d) => deviceView(d, state)),
    tariffs: [],
    customer_id: a.customer_id,
    subnets: a.extra.subnets ?? '',
    subscriptions: [],
    allowed_device_groups: a.allowed_device_groups,
  };
}

/**
 * One page of a lazily filtered list: `limit` (default 100, larger values clamped to 100) and
 * `page` (from 1). Iterates only as far as the page end, so early pages of 100,000 rows are cheap.
 */
export function pageOf<T>(items: Iterable<T>, limitText: string | undefined, pageText: string | undefined): T[] {
  const limitRaw = Number.parseInt(limitText ?? '', 10);
  const pageRaw = Number.parseInt(pageText ?? '', 10);
  const limit = Number.isFinite(limitRaw) && limitRaw > 0 ? Math.min(limitRaw, 100) : 100;
  const page = Number.isFinite(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  let skip = (page - 1) * limit;
  const out: T[] = [];
  for (const item of items) {
    if (skip > 0) {
      skip--;
      continue;
    }
    out.push(item);
    if (out.length === limit) break;
  }
  return out;
}

/** AccountInfo `devices[]`. */
export function deviceView(d: SmartyDevice, s: SmartyState): Record<string, unknown> {
  return {
    id: d.id,
    system_name: s.devices.types.find((t) => t.id === d.type_id)?.system_name ?? '',
    device_uid: d.device_uid,
    serial_number: d.fields.serial_number ?? '',
    created_at: d.created_at,
    is_basic: false,
  };
}
