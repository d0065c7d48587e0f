/**
 * The smartyard_billing bridge's mapping file: each subscriber is a contract (uid) with its
 * phones, and one row of the app's «Договоры» tab (billingList). Service groups say which source
 * services are the internet, TV, phone and «камеры+домофон» lines; prices come from a table
 * (a source's subscriber carries no price). See mappings/bridge-smartyard-billing.yaml.
 */
import type { YamlDocument } from '../../config/load.js';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '../../model/subscriber.js';
import { didYouMean } from '../../util/suggest.js';
import { BridgeCompiler, numberOf, section, textOf, type FieldFn } from '../fields.js';

export const CONTRACT_FIELDS = ['uid', 'phones', 'login', 'address', 'balance', 'payment', 'invoice', 'detail', 'receipt'] as const;
export type ContractField = (typeof CONTRACT_FIELDS)[number];
export const SERVICE_GROUPS = ['internet', 'tv', 'phone', 'cams'] as const;
export type ServiceGroup = (typeof SERVICE_GROUPS)[number];

export interface SmartyardMapping {
  readonly fields: Readonly<Record<ContractField, FieldFn>>;
  /** Whether `payment` is mapped; otherwise it is what the services cost beyond the balance. */
  readonly hasPayment: boolean;
  /** Service id → group. */
  readonly groupOf: ReadonlyMap<string, ServiceGroup>;
  readonly prices: ReadonlyMap<string, number>;
  readonly camsName: string | null;
  /** Statuses in which the cams service counts as paid (isActiv 2, camsActiv cams_paid). */
  readonly paidStatuses: ReadonlySet<SubscriberStatus>;
}

const TOP_KEYS = ['bridge', 'contract', 'services', 'prices', 'cams_name', 'cams_paid_statuses'];

export function compileSmartyardMapping(doc: YamlDocument): SmartyardMapping {
  const c = new BridgeCompiler(doc);
  const value = doc.value as Readonly<Record<string, unknown>>;
  for (const k of Object.keys(value)) if (!TOP_KEYS.includes(k)) c.problem([k], `unknown key '${k}'${didYouMean(k, TOP_KEYS)}`, `keys: ${TOP_KEYS.join(', ')}`);
  const contract = section(c, value, 'contract');
  for (const k of Object.keys(contract)) {
    if (!(CONTRACT_FIELDS as readonly string[]).includes(k)) c.problem(['contract', k], `'${k}' is not a contract field${didYouMean(k, CONTRACT_FIELDS)}`, `fields: ${CONTRACT_FIELDS.join(', ')}`);
  }
  if (contract.uid === undefined) c.problem(['contract'], 'contract.uid is missing: the contract uid SmartYard keys rights by', "add uid: '{{ id }}' (or the field your SmartYard rights use)");
  const defaults: Record<ContractField, unknown> = { uid: undefined, phones: '{{ contacts.phones }}', login: '{{ account }}', address: '{{ address.text }}', balance: 0, payment: undefined, invoice: true, detail: true, receipt: true };
  const fields = Object.fromEntries(CONTRACT_FIELDS.map((f) => [f, c.field(['contract', f], contract[f], defaults[f])])) as Record<ContractField, FieldFn>;

  const groupOf = new Map<string, ServiceGroup>();
  for (const [g, ids] of Object.entries(section(c, value, 'services'))) {
    if (!(SERVICE_GROUPS as readonly string[]).includes(g)) {
      c.problem(['services', g], `'${g}' is not a service line of the app${didYouMean(g, SERVICE_GROUPS)}`, `lines: ${SERVICE_GROUPS.join(', ')}`);
      continue;
    }
    if (!Array.isArray(ids)) {
      c.problem(['services', g], `services.${g} must be a list of service ids, e.g. [501, 502]`);
      continue;
    }
    for (const [i, id] of ids.entries()) {
      const key = textOf(id);
      if (key === null) c.problem(['services', g, i], 'a service id must be text or a number');
      else if (groupOf.has(key)) c.problem(['services', g, i], `service ${key} is already in services.${groupOf.get(key)}`, 'a service belongs to one line only');
      else groupOf.set(key, g as ServiceGroup);
    }
  }
  const prices = new Map<string, number>();
  for (const [id, p] of Object.entries(section(c, value, 'prices'))) {
    const n = numberOf(p);
    if (n === null || n < 0) c.problem(['prices', id], `price of service ${id} must be a number ≥ 0`);
    else prices.set(id, n);
  }
  const paid = value.cams_paid_statuses ?? ['active'];
  const paidStatuses = new Set<SubscriberStatus>();
  if (!Array.isArray(paid)) c.problem(['cams_paid_statuses'], 'cams_paid_statuses must be a list of statuses, e.g. [active]');
  else {
    for (const [i, s] of paid.entries()) {
      if ((SUBSCRIBER_STATUSES as readonly unknown[]).includes(s)) paidStatuses.add(s as SubscriberStatus);
      else c.problem(['cams_paid_statuses', i], `'${String(s)}' is not a subscriber status`, `statuses: ${SUBSCRIBER_STATUSES.join(', ')}`);
    }
  }
  c.finish();
  return { fields, hasPayment: contract.payment !== undefined, groupOf, prices, camsName: textOf(value.cams_name), paidStatuses };
}
