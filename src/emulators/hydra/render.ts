/**
 * Records → the Oracle-style JSON Hoper serves: `n_` numbers, `vc_` strings, `d_` ISO dates with
 * the +03:00 offset, `c_fl_` Y/N flags, plus the `actions`/`navigation` link maps the vendor's
 * mocks show. Field sets follow the K2 models quoted in shared/api/hydra.md.
 */
import type { HydraCatalogItem, HydraCustomerRecord, HydraSubscriptionRecord } from './model.js';
import { ACCOUNT_TYPE_PERSONAL, ADDR_TYPE_FACT, ADDR_TYPE_PHONE, SUBJ_TYPE_PERSON } from './model.js';

export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };
export type JsonObject = { readonly [k: string]: Json };

const MSK_OFFSET_MS = 3 * 3_600_000;

/** Epoch ms → `2021-10-15T09:13:52+03:00` (Moscow time, as the vendor mocks show). */
export function isoMsk(ms: number): string {
  return `${new Date(ms + MSK_OFFSET_MS).toISOString().slice(0, 19)}+03:00`;
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : isoMsk(ms);
}

/** `Иванова Мария Петровна` → `Иванова М. П.` (Hydra's short `vc_name`). */
function shortName(full: string): string {
  const [last, ...rest] = full.split(' ');
  return [last ?? '', ...rest.map((p) => `${p.charAt(0)}.`)].join(' ');
}

/** The customer object (no envelope). */
export function renderCustomer(c: HydraCustomerRecord): JsonObject {
  const short = shortName(c.name);
  return {
    n_subject_id: c.id,
    n_customer_id: c.id,
    n_base_subject_id: 10_000_000 + c.id,
    vc_base_subject_name: c.name,
    vc_base_subject_code: short,
    n_base_subj_type_id: SUBJ_TYPE_PERSON,
    n_subj_state_id: c.stateId,
    vc_name: short,
    vc_code: `u${c.id}`,
    d_created: isoMsk(c.created),
    t_tags: [...c.tags],
    vc_rem: null,
    n_firm_id: 100,
    n_subj_group_id: 40_231_101,
    group_ids: [40_231_101],
    n_reseller_id: null,
    additional_values: [
      { code: 'SUBJ_VAL_D_CONNECTION_DATE', name: 'Дата подключения', value: isoMsk(c.created) },
      { code: 'SUBJ_VAL_N_WORKSTATION_COUNT', name: 'Количество рабочих станций', value: null },
    ],
  };
}

/** Link maps of a customer, as in the vendor's customer mock. */
export function customerLinks(c: HydraCustomerRecord, base: string): { actions: JsonObject; navigation: JsonObject } {
  const self = `${base}/subjects/customers/${c.id}`;
  return {
    actions: { show: self, edit: `${self}/edit` },
    navigation: {
      self,
      accounts: `${self}/accounts`,
      documents: `${self}/documents`,
      equipment: `${self}/equipment`,
      subscriptions: `${self}/subscriptions`,
    },
  };
}

/** The customer's personal account (one per customer here). */
export function renderAccount(c: HydraCustomerRecord, base: string): JsonObject {
  const self = `${base}/subjects/customers/${c.id}/accounts/${c.accountId}`;
  return {
    n_account_id: c.accountId,
    n_account_type_id: ACCOUNT_TYPE_PERSONAL,
    n_subject_id: c.id,
    n_currency_id: 1044,
    vc_currency_code: 'RUB',
    vc_name: 'Лицевой счёт',
    vc_code: c.account,
    vc_account: c.account,
    vc_rem: null,
    n_sum_bal: c.balance,
    n_sum_free: Math.max(0, c.balance),
    n_max_credit_limit: 0,
    n_sum_reserved: 0,
    n_sum_reserved_total: 0,
    has_actual_atu: false,
    permanent_credit_limit: 0,
    temporary_credit_limit: { n_sum: null, d_end: null },
    actions: { show: self },
  };
}

export function renderSubscription(c: HydraCustomerRecord, s: HydraSubscriptionRecord, base: string): JsonObject {
  const self = `${base}/subjects/customers/${c.id}/subscriptions/${s.id}`;
  return {
    n_subscription_id: s.id,
    n_service_id: s.serviceId,
    n_customer_id: c.id,
    n_account_id: c.accountId,
    n_object_id: 50_000_000 + c.id,
    n_quant: null,
    n_unit_id: 2009,
    d_begin: isoMsk(s.begin),
    d_end: isoOrNull(s.end),
    c_fl_closed: s.closed ? 'Y' : 'N',
    n_line_no: 1_000_000 + (s.id % 1000),
    n_par_subscription_id: s.parentId,
    n_prev_subscription_id: s.prevId,
    n_cl_creating_state_id: 1212,
    n_contract_id: 60_000_000 + c.id,
    actions: { show: self, edit: `${self}/edit` },
  };
}

/** Fact address, then phones: the rows `/subject_addresses?subject_id[]=` returns for a customer. */
export function renderSubjectAddresses(c: HydraCustomerRecord): JsonObject[] {
  const h = c.house;
  const text = `г. ${h.city}, ${h.street}, д. ${h.number}, кв. ${c.flat}`;
  const rows: JsonObject[] = [
    {
      n_subj_address_id: c.id * 100,
      n_subject_id: c.id,
      n_address_id: 80_000_000 + c.id,
      n_addr_type_id: ADDR_TYPE_FACT,
      n_subj_addr_type_id: 1016,
      vc_subj_addr_type_name: 'Фактический адрес',
      c_fl_main: 'Y',
      n_par_addr_id: null,
      n_house_id: h.id,
      vc_code: text,
      vc_address: text,
      vc_visual_code: text,
      vc_flat: String(c.flat),
      vc_entrance_no: String(c.entrance),
      n_floor_no: c.floor,
      vc_intercom_code: null,
      n_region_id: h.regionId,
      n_addr_state_id: 1029,
      n_firm_id: 100,
      vc_rem: null,
      d_begin: isoMsk(c.created),
      d_end: null,
    },
  ];
  c.phones.forEach((phone, i) => {
    rows.push({
      n_subj_address_id: c.id * 100 + 1 + i,
      n_subject_id: c.id,
      n_address_id: null,
      n_addr_type_id: ADDR_TYPE_PHONE,
      n_subj_addr_type_id: 1016,
      vc_subj_addr_type_name: 'Телефон',
      c_fl_main: i === 0 ? 'Y' : 'N',
      vc_code: phone,
      vc_address: phone,
      vc_visual_code: phone,
      d_begin: isoMsk(c.created),
      d_end: null,
    });
  });
  return rows;
}

export function renderCatalog(item: HydraCatalogItem): JsonObject {
  return {
    n_service_id: item.id,
    vc_name: item.name,
    vc_code: item.code,
    vc_service_code: item.code,
    vc_service_name: item.name,
    n_service_type_id: 1,
    n_base_service_id: null,
    n_parent_service_id: null,
    n_good_group_id: null,
    t_tags: [],
    additional_values: [],
  };
}
