/**
 * Which LANBilling payments (`getPayments` → `soapPaymentFull`) become `Subscriber.payments`.
 * Pure: the caller fetched the agreement's payments for the window.
 *
 * A payment is sent once, keyed by its record id (`pay.recordid`, unique in the billing), so
 * what reaches a target must be money that is really on the agreement:
 * - annulled payments are left out: `status` 2 ("Canceled" in the vendor's self-care client) or a
 *   `canceldate` (the vendor's admin client marks every row with one as annulled and its payment
 *   report skips them);
 * - `status` 3 ("Corrected") and rows with `revno` ≠ 0 are superseded versions of a corrected
 *   payment (the admin client's colouring); the current version (`revno` 0) is the payment;
 * - a status outside 0–3 is unknown: left out and reported. Sending a payment is never undone
 *   (targets keep transactions), so an unsure one waits until its meaning is known.
 * A payment without a usable amount or date is left out the same way.
 */
import type { SubscriberPayment } from '../../model/subscriber.js';
import { parseLbDate } from './dates.js';
import type { LbPayment } from './types.js';

/** `soapPayment.status` values of a payment on the agreement (self-care client: both "Accepted"). */
const ACCEPTED: ReadonlySet<number> = new Set([0, 1]);
/** Known statuses that are not (or no longer) money on the agreement: cancelled, corrected. */
const NOT_MONEY: ReadonlySet<number> = new Set([2, 3]);

export interface PaymentWindow {
  readonly now: Date;
  /** Payments of the last this-many days. */
  readonly days: number;
  readonly utcOffsetMinutes: number;
  /** Told about each payment left out for a reason other than being annulled or superseded. */
  readonly onDoubtful?: (recordid: number, why: string) => void;
}

/** The agreement's payments within the window that are money on it, oldest first. */
export function agreementPayments(rows: readonly LbPayment[], w: PaymentWindow): SubscriberPayment[] {
  const to = w.now.getTime();
  const from = to - w.days * 86_400_000;
  const byId = new Map<number, SubscriberPayment & { readonly at: number }>();
  for (const p of rows) {
    if (p.revno !== 0 || isAnnulled(p)) continue;
    if (p.status === null || !ACCEPTED.has(p.status)) {
      if (p.status === null || !NOT_MONEY.has(p.status)) w.onDoubtful?.(p.recordid, `unknown status ${String(p.status)}`);
      continue;
    }
    const at = parseLbDate(p.paydate, w.utcOffsetMinutes);
    if (typeof at !== 'number') {
      w.onDoubtful?.(p.recordid, `pay date '${p.paydate.slice(0, 30)}' is not a date`);
      continue;
    }
    if (p.amount === null) {
      w.onDoubtful?.(p.recordid, 'no amount');
      continue;
    }
    // The server's dtfrom/dtto semantics are undocumented: the window is applied here as well.
    if (at < from || at > to) continue;
    byId.set(p.recordid, {
      id: String(p.recordid),
      amount: p.amount.toFixed(2),
      date: new Date(at).toISOString(),
      ...(p.comment !== '' ? { comment: p.comment } : {}),
      at,
    });
  }
  return [...byId.values()].sort((a, b) => a.at - b.at || Number(a.id) - Number(b.id)).map(({ at: _at, ...p }) => p);
}

/** Any cancel date but '' and the `0000-00-00 …` "unset" means annulled (an odd one included). */
function isAnnulled(p: LbPayment): boolean {
  return p.canceldate !== '' && !/^0000-00-00/.test(p.canceldate);
}
