/**
 * A target emulator's own state (never read through billsync's adapter) in a canonical form
 * that two runs can be compared by: server-assigned ids, uuids, passwords and timestamps left
 * out, references between objects written as the referenced object's canonical form. Every
 * collection is a sorted multiset of canonical strings, so a duplicate shows as an extra copy
 * and a lost object as a missing one.
 */
import type { SmartyState } from '../../../src/emulators/smarty/index.js';
import type { SmartyardState } from '../../../src/emulators/smartyard/index.js';

/** Named multisets of canonical strings (each sorted). */
export type Canon = Readonly<Record<string, readonly string[]>>;

const sortedJson = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

/**
 * SmartYard: devices (all 18 fields), doors (lock and camera as their devices' canonical form)
 * and one entry per (contract, device) right — a right named twice is two entries. A contract
 * whose row is empty grants nothing and is the same as no row.
 */
export function smartyardCanon(s: SmartyardState): Canon {
  const device = new Map<number, string>();
  for (const d of s.devices.values()) {
    const { device_id: _id, device_uuid: _uuid, ...fields } = d;
    device.set(d.device_id, sortedJson(fields));
  }
  const ref = (id: number): string => device.get(id) ?? `#missing-device`;
  const doors = [...s.doors.values()].map((d) => {
    const { id: _id, device_id, cam, ...fields } = d;
    return sortedJson({ ...fields, lock: ref(device_id), cam: ref(cam) });
  });
  const rights: string[] = [];
  for (const [uid, ids] of s.rights) for (const id of ids) rights.push(`${uid} ${ref(id)}`);
  return { devices: [...device.values()].sort(), doors: doors.sort(), rights: rights.sort() };
}

/**
 * Smarty: customers (ext_id, profile, tariff ids), accounts (abonement, owner's ext_id, flags,
 * status, fields; the generated password and creation time left out), devices (uid, type,
 * fields, the account's abonement) and transactions (ext_id, the customer's ext_id, amount,
 * processed, comment; Smarty's id and time left out).
 */
export function smartyCanon(s: SmartyState): Canon {
  // '' is a cleared field: a customer created without an e-mail and one modified with email=''
  // (what adopting an existing customer sends) hold the same.
  const profile = (p: Record<string, string>) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== ''));
  const customers = [...s.customers.values()].map((c) => sortedJson({ ext_id: c.ext_id, profile: profile(c.profile), tariffs: [...c.tariffs].sort((a, b) => a - b) }));
  const accounts = [...s.accounts.values()].map((a) =>
    sortedJson({
      abonement: a.abonement,
      customer: s.customers.get(a.customer_id)?.ext_id ?? '#missing-customer',
      flags: a.flags,
      status_reason: a.status_reason,
      account_ext_id: a.account_ext_id,
      extra: a.extra,
      allowed_device_groups: a.allowed_device_groups,
    }),
  );
  const devices = [...s.devices.byId.values()].map((d) =>
    sortedJson({ uid: d.device_uid.toLowerCase(), type: d.type_id, fields: d.fields, abonement: s.accounts.get(d.account_id)?.abonement ?? '#missing-account' }),
  );
  const transactions = [...s.transactions.byId.values()].map((t) =>
    sortedJson({ ext_id: t.ext_id, customer: s.customers.get(t.customer_id)?.ext_id ?? '#missing-customer', amount: t.amount, processed: t.processed, comment: t.comment }),
  );
  return { customers: customers.sort(), accounts: accounts.sort(), devices: devices.sort(), transactions: transactions.sort() };
}

/** What `actual` has beyond `expected` (extra copies included) and what it lacks, per collection. */
export interface CanonDiff {
  readonly extra: Readonly<Record<string, readonly string[]>>;
  readonly missing: Readonly<Record<string, readonly string[]>>;
}

export function diffCanon(expected: Canon, actual: Canon): CanonDiff {
  const extra: Record<string, string[]> = {};
  const missing: Record<string, string[]> = {};
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const left = new Map<string, number>();
    for (const v of expected[name] ?? []) left.set(v, (left.get(v) ?? 0) + 1);
    const more: string[] = [];
    for (const v of actual[name] ?? []) {
      const n = left.get(v) ?? 0;
      if (n > 0) left.set(v, n - 1);
      else more.push(v);
    }
    const less = [...left].flatMap(([v, n]) => Array<string>(n).fill(v));
    if (more.length > 0) extra[name] = more;
    if (less.length > 0) missing[name] = less;
  }
  return { extra, missing };
}

/** Copies of the same object (what a duplicate create or a doubled right leaves), per collection. */
export function duplicates(c: Canon): Readonly<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, items] of Object.entries(c)) {
    let dup = 0;
    for (let i = 1; i < items.length; i++) if (items[i] === items[i - 1]) dup++;
    if (dup > 0) out[name] = dup;
  }
  return out;
}

/**
 * Smarty's own uniqueness, checked on the raw rows: one customer per ext_id, one account per
 * abonement, one device per uid, one transaction per ext_id.
 */
export function smartyKeyDuplicates(s: SmartyState): number {
  const ext = new Set<string>();
  const abon = new Set<number>();
  let dup = 0;
  for (const c of s.customers.values()) {
    if (ext.has(c.ext_id)) dup++;
    ext.add(c.ext_id);
  }
  for (const a of s.accounts.values()) {
    if (abon.has(a.abonement)) dup++;
    abon.add(a.abonement);
  }
  const uids = new Set<string>();
  for (const d of s.devices.byId.values()) {
    if (uids.has(d.device_uid.toLowerCase())) dup++;
    uids.add(d.device_uid.toLowerCase());
  }
  const payments = new Set<string>();
  for (const t of s.transactions.byId.values()) {
    if (payments.has(t.ext_id)) dup++;
    payments.add(t.ext_id);
  }
  return dup;
}

/** Short text of a diff for an assertion message. */
export function describeDiff(d: CanonDiff): string {
  const part = (label: string, m: Readonly<Record<string, readonly string[]>>) =>
    Object.entries(m).map(([name, items]) => `${label} ${name} (${items.length}): ${items.slice(0, 3).join(' | ').slice(0, 600)}`);
  return [...part('extra', d.extra), ...part('missing', d.missing)].join('\n') || 'no difference';
}
