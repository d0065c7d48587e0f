/**
 * UserSide work states (`state_id`, ids of the install's status configurator, names from
 * `module/get_user_state_list`) → canonical statuses, through `status_map` in sync.yaml.
 *
 * There are no built-in defaults: state ids are per install (shared/api/userside.md §5), so a
 * table of guesses would be wrong somewhere. A state nobody mapped (or mapped to `skip`) marks
 * the subscriber `skip`: the mappings leave whatever the targets have for it alone. That is the
 * safe default for the subscriber — blocking on a guess cuts off someone who may be paying, and
 * leaving them out of the read would look like they left (deletes). The plan lists them as
 * skipped with the state's name, so the operator sees what to map.
 */
import { BillsyncError } from '../../model/errors.js';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '../../model/subscriber.js';
import { decodeHtml } from './html.js';
import type { UsState } from './types.js';

/** What a state resolves to: a canonical status, or `skip` (leave the targets alone). */
export type StateRule = SubscriberStatus | 'skip';

/**
 * Status a skipped subscriber carries. Mappings never read it (they skip the record first); it
 * is the same guess the other sources make for unknown codes, for any consumer that ignores `skip`.
 */
export const SKIPPED_STATUS: SubscriberStatus = 'blocked_manager';

/** `status_map` (`{ "1": active, "3": blocked_debt, "7": skip }`) → rules by state id. */
export function buildStatusMap(raw: unknown, configPath: string): ReadonlyMap<number, StateRule> {
  const map = new Map<number, StateRule>();
  if (raw === undefined || raw === null) return map;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BillsyncError('CONFIG_RULE', 'status_map must be a mapping of UserSide state ids to statuses', {
      path: configPath,
      fix: 'write it as e.g. `status_map: { "1": active, "3": blocked_debt, "4": off }` (ids from Настройка → Статусы абонентов)',
    });
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!/^\d+$/.test(key)) {
      throw new BillsyncError('CONFIG_RULE', `'${key}' is not a UserSide state id`, {
        path: `${configPath}.${key}`,
        fix: 'use the numeric ids module/get_user_state_list answers, e.g. "1"',
      });
    }
    if (value !== 'skip' && (typeof value !== 'string' || !(SUBSCRIBER_STATUSES as readonly string[]).includes(value))) {
      throw new BillsyncError('CONFIG_RULE', `'${String(value)}' is not a subscriber status`, {
        path: `${configPath}.${key}`,
        fix: `use one of: ${SUBSCRIBER_STATUSES.join(', ')}, or skip`,
      });
    }
    map.set(Number(key), value as StateRule);
  }
  return map;
}

/** A resolved state: the status, and the skip reason when the subscriber must be left alone. */
export interface StateResolution {
  readonly status: SubscriberStatus;
  readonly skip?: string;
}

/** Resolves `stateId` through the map; `states` names it in the skip reason. */
export function resolveState(
  stateId: number | null,
  map: ReadonlyMap<number, StateRule>,
  states: ReadonlyMap<number, UsState>,
  configPath: string,
): StateResolution {
  const rule = stateId === null ? undefined : map.get(stateId);
  if (rule !== undefined && rule !== 'skip') return { status: rule };
  if (stateId === null) return { status: SKIPPED_STATUS, skip: 'UserSide customer has no work state (state_id)' };
  const state = states.get(stateId);
  const named = state && state.name !== '' ? ` ('${decodeHtml(state.name)}')` : states.size > 0 && !state ? ' (not in module/get_user_state_list)' : '';
  if (rule === 'skip') return { status: SKIPPED_STATUS, skip: `UserSide state ${stateId}${named} is mapped to skip in ${configPath}` };
  return { status: SKIPPED_STATUS, skip: `UserSide state ${stateId}${named} has no status in ${configPath} (add it there)` };
}
