/**
 * LANBilling `vgroups.blocked` codes → canonical statuses (shared/api/lanbilling.md §4, ADM
 * `js/vgroups.js`, DOC statuses).
 */
import type { SubscriberStatus } from '../../model/subscriber.js';

export const BLOCKED_STATUS: ReadonlyMap<number, SubscriberStatus> = new Map<number, SubscriberStatus>([
  [0, 'active'],
  [1, 'blocked_debt'], // financial block (not enough money)
  [2, 'blocked_user'], // the subscriber's own block, e.g. from the self-care cabinet
  [3, 'blocked_manager'], // administrative block
  [4, 'blocked_debt'], // the second financial block kind (unpaid invoices)
  [5, 'blocked_traffic'], // traffic limit exceeded
  [10, 'off'], // turned off; no charges
]);

/**
 * Status for a code nobody mapped. Blocking is the safe guess: it keeps the subscriber's objects
 * on the targets (a later, correct mapping unblocks them) where 'off' could delete them and
 * 'active' could hand out service that is not paid for.
 */
export const UNKNOWN_BLOCKED_STATUS: SubscriberStatus = 'blocked_manager';

/** The status of a `blocked` code; `onUnknown` is told about codes outside the table. */
export function statusOfBlocked(code: number | null, onUnknown?: (code: number | null) => void): SubscriberStatus {
  const status = code === null ? undefined : BLOCKED_STATUS.get(code);
  if (status !== undefined) return status;
  onUnknown?.(code);
  return UNKNOWN_BLOCKED_STATUS;
}
