/**
 * The optional parts of a Hydra subscriber: MAC addresses of its equipment (for set-top boxes
 * bound by UID) and its recent payments (for targets that take payments as transactions).
 */
import type { SubscriberPayment } from '../../model/subscriber.js';
import { isPlaceholderMac, normaliseUid } from '../../util/mac.js';
import type { HydraClient } from './client.js';
import type { HydraAccount } from './types.js';

/** Address type of a MAC address (`n_addr_type_id`). */
const ADDR_TYPE_MAC = 4006;
/**
 * Equipment taken off the register (`n_obj_state_id` 3040) no longer belongs to the customer.
 * Active (1040) and not-active (2040) boxes do: a box switched off in billing is still the
 * subscriber's, and unbinding it would log a paying subscriber's TV out.
 */
const REGISTER_OFF = 3040;

/** Normalised MAC addresses of the customer's equipment, sorted, without duplicates. */
export async function equipmentMacs(client: HydraClient, customerId: number, perPage: number, signal?: AbortSignal): Promise<string[]> {
  const macs = new Set<string>();
  for (const eq of await client.equipment(customerId, perPage, signal)) {
    const oid = eq.n_object_id;
    if (typeof oid !== 'number' || eq.n_obj_state_id === REGISTER_OFF) continue;
    for (const entry of await client.entries(oid, perPage, signal)) {
      const eid = entry.n_obj_entry_id;
      if (typeof eid !== 'number') continue;
      for (const a of await client.entryAddresses(oid, eid, perPage, signal)) {
        if (a.n_addr_type_id !== ADDR_TYPE_MAC || typeof a.vc_code !== 'string') continue;
        const uid = normaliseUid(a.vc_code);
        if (uid !== '' && !isPlaceholderMac(uid)) macs.add(uid);
      }
    }
  }
  return [...macs].sort();
}

/** Payments of the customer's accounts within the last `days` days, oldest first. */
export async function recentPayments(client: HydraClient, accounts: readonly HydraAccount[], days: number, now: Date, perPage: number, signal?: AbortSignal): Promise<SubscriberPayment[]> {
  const from = new Date(now.getTime() - days * 86_400_000);
  const out: SubscriberPayment[] = [];
  for (const acc of accounts) {
    if (typeof acc.n_account_id !== 'number') continue;
    for (const p of await client.payments(acc.n_account_id, from, now, perPage, signal)) {
      const sum = typeof p.n_sum === 'number' ? p.n_sum : typeof p.n_sum === 'string' ? Number(p.n_sum) : Number.NaN;
      if ((typeof p.n_doc_id !== 'number' && typeof p.n_doc_id !== 'string') || !Number.isFinite(sum)) continue;
      out.push({
        id: String(p.n_doc_id),
        amount: sum.toFixed(2),
        date: typeof p.d_oper === 'string' ? p.d_oper : '',
        ...(typeof p.vc_rem === 'string' && p.vc_rem !== '' ? { comment: p.vc_rem } : {}),
      });
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
