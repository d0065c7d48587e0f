/**
 * Hydra subject states (`n_subj_state_id`, built-in reference ids) → canonical statuses, with
 * per-install overrides from `status_map` in sync.yaml.
 */
import { BillsyncError } from '../../model/errors.js';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '../../model/subscriber.js';

/** Built-in states (shared/api/hydra.md §3). */
export const DEFAULT_STATUS_MAP: ReadonlyMap<number, SubscriberStatus> = new Map<number, SubscriberStatus>([
  [2011, 'active'], // On
  [6011, 'blocked_debt'], // PaymentsLocked
  [7011, 'blocked_debt'], // CLIssuingSuspended: charge logs stopped, i.e. money trouble
  [3011, 'blocked_manager'], // Locked
  [5011, 'blocked_user'], // ManuallySuspended (the customer's own pause)
  [4011, 'off'], // Disabled
  [1011, 'off'], // Off
]);

/**
 * Status for a state nobody mapped. Blocking is the safe guess: it keeps the subscriber's
 * objects on the targets (a later, correct mapping unblocks them) where 'off' could delete them
 * and 'active' could hand out service that is not paid for.
 */
export const UNKNOWN_STATE_STATUS: SubscriberStatus = 'blocked_manager';

/**
 * Default map merged with `status_map` (`{ "8011": "blocked_user", … }`). Throws a CONFIG_RULE
 * error naming `configPath` for a non-numeric state or an unknown status.
 */
export function buildStatusMap(overrides: unknown, configPath: string): ReadonlyMap<number, SubscriberStatus> {
  const map = new Map(DEFAULT_STATUS_MAP);
  if (overrides === undefined || overrides === null) return map;
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new BillsyncError('CONFIG_RULE', 'status_map must be a mapping of Hydra state ids to statuses', {
      path: configPath,
      fix: 'write it as e.g. `status_map: { "2011": active, "6011": blocked_debt }`',
    });
  }
  for (const [key, value] of Object.entries(overrides)) {
    const state = Number(key);
    if (!Number.isInteger(state)) {
      throw new BillsyncError('CONFIG_RULE', `'${key}' is not a Hydra state id (n_subj_state_id)`, {
        path: `${configPath}.${key}`,
        fix: 'use numeric ids such as 2011 (On) or 6011 (PaymentsLocked)',
      });
    }
    if (typeof value !== 'string' || !(SUBSCRIBER_STATUSES as readonly string[]).includes(value)) {
      throw new BillsyncError('CONFIG_RULE', `'${String(value)}' is not a subscriber status`, {
        path: `${configPath}.${key}`,
        fix: `use one of: ${SUBSCRIBER_STATUSES.join(', ')}`,
      });
    }
    map.set(state, value as SubscriberStatus);
  }
  return map;
}
