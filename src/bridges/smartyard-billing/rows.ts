/**
 * One subscriber as a SmartYard contract: its uid, its phones (normalised), and its billingList
 * row, shaped and typed as the seed's comments say (floats for money, '' for no date, booleans
 * for the buttons).
 */
import type { Subscriber } from '../../model/subscriber.js';
import { dateOf, numberOf, textOf, textsOf } from '../fields.js';
import type { ServiceGroup, SmartyardMapping } from './mapping.js';
import { normalisePhone } from './phone.js';

/** A row of the app's «Договоры» tab (smartyard_bill.py billingList). */
export interface BillingRow {
  readonly login: string;
  readonly address: string;
  readonly internet: number;
  readonly internetdata: string;
  readonly tv: number;
  readonly tvdata: string;
  readonly phone: number;
  readonly phonedata: string;
  readonly cams: number;
  readonly camsdata: string;
  readonly camsname: string;
  readonly balans: number;
  readonly payment: number;
  readonly invoice: boolean;
  readonly detail: boolean;
  readonly receipt: boolean;
}

/**
 * A contract with the cams line. `camsPaid` follows the status; a subscriber whose status the
 * source could not tell (Subscriber.skip) counts as paid: the app keeps the door and cameras
 * rather than showing a debt nobody knows of (the safer mistake for the subscriber).
 */
export interface Contract {
  readonly uid: number;
  readonly phones: readonly string[];
  readonly camsOpen: boolean;
  readonly camsPaid: boolean;
  readonly row: BillingRow;
}

const bool = (v: unknown, fallback: boolean): boolean => {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true' || v === 'yes') return true;
  if (v === 0 || v === '0' || v === 'false' || v === 'no') return false;
  return fallback;
};

/** Money as the app shows it: two decimals, no float noise. */
const money = (n: number): number => Math.round(n * 100) / 100;

/**
 * Builds the contract of a subscriber; undefined when its uid is not a whole number (the app
 * keys everything by int uid) — such a subscriber is not answered for, and counted.
 */
export function contractBuilder(m: SmartyardMapping, scrub: (v: unknown) => unknown, onBadUid: (sub: Subscriber, value: unknown) => void): (sub: Subscriber) => Contract | undefined {
  const f = m.fields;
  return (sub) => {
    const rawUid = f.uid(sub);
    const uid = numberOf(rawUid);
    if (uid === null || !Number.isSafeInteger(uid) || uid < 0) {
      onBadUid(sub, rawUid);
      return undefined;
    }
    const phones = [...new Set(textsOf(f.phones(sub)).map(normalisePhone).filter((p): p is string => p !== null))];
    const price: Record<ServiceGroup, number> = { internet: 0, tv: 0, phone: 0, cams: 0 };
    const until: Record<ServiceGroup, string> = { internet: '', tv: '', phone: '', cams: '' };
    let camsName = m.camsName ?? '';
    let camsOpen = false;
    for (const s of sub.services) {
      const g = m.groupOf.get(s.id);
      if (g === undefined) continue;
      price[g] += m.prices.get(s.id) ?? 0;
      // The line ends when its earliest service ends.
      const end = dateOf(s.until ?? null);
      if (end !== null && (until[g] === '' || end < until[g])) until[g] = end;
      if (g === 'cams') {
        camsOpen = true;
        if (m.camsName === null && camsName === '' && s.name) camsName = s.name;
      }
    }
    const balance = numberOf(scrub(f.balance(sub))) ?? 0;
    const total = price.internet + price.tv + price.phone + price.cams;
    // Without a mapped payment: what the services cost beyond the balance (never negative).
    const payment = m.hasPayment ? numberOf(f.payment(sub)) ?? 0 : Math.max(0, total - balance);
    const row: BillingRow = {
      // No login mapped or none on the contract: the uid, which the app shows as the contract.
      login: textOf(scrub(f.login(sub))) ?? String(uid),
      address: textOf(scrub(f.address(sub))) ?? '',
      internet: money(price.internet),
      internetdata: until.internet,
      tv: money(price.tv),
      tvdata: until.tv,
      phone: money(price.phone),
      phonedata: until.phone,
      cams: money(price.cams),
      camsdata: until.cams,
      camsname: camsOpen ? camsName : '',
      balans: money(balance),
      payment: money(payment),
      invoice: bool(f.invoice(sub), true),
      detail: bool(f.detail(sub), true),
      receipt: bool(f.receipt(sub), true),
    };
    return { uid, phones, camsOpen, camsPaid: camsOpen && (sub.skip !== undefined || m.paidStatuses.has(sub.status)), row };
  };
}
