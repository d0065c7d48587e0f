/**
 * What one subscriber may access: with a granting service active, the devices that serve its
 * entrance plus the building-wide ones of its house; else none. An address that leaves the
 * subscriber without the devices it should have gets a notice (the subscriber is still
 * mapped: its set is what the address allows, possibly empty). Pure.
 */
import type { Subscriber } from '../model/subscriber.js';
import { normaliseEntrance, normaliseHouse } from './access-index.js';
import type { CompiledAccess, CompiledValue } from './compiled.js';
import type { MapNotice } from './types.js';

export interface AccessResult {
  /** Device keys, sorted. */
  readonly members: string[];
  readonly notice?: MapNotice;
}

const NONE: AccessResult = { members: [] };

/**
 * Notice texts, for subscribers with a granting service: one per situation, so reports can
 * group subscribers by them.
 */
export const ACCESS_NOTICES = {
  noHouse: 'no house id in the address: no devices granted',
  unknownHouse: 'no device in the inventory serves the house: no devices granted',
  noEntrance: "no entrance in the address: only the house's building-wide devices granted",
  noEntranceNothing: 'no entrance in the address, and the house has no building-wide devices: no devices granted',
  unknownEntrance: "no device in the inventory serves the entrance: only the house's building-wide devices granted",
  unknownEntranceNothing: 'no device in the inventory serves the entrance, and the house has no building-wide devices: no devices granted',
} as const;

/**
 * The access set of `sub`. `value` evaluates a template of the mapping (and leaves the
 * subscriber skipped when the template cannot be evaluated).
 */
export function accessFor(a: CompiledAccess, sub: Subscriber, value: (v: CompiledValue) => unknown): AccessResult {
  if (!sub.services.some((s) => a.services.has(s.id))) return NONE;
  const houseRaw = value(a.house);
  const house = normaliseHouse(houseRaw);
  if (house === undefined) return { members: [], notice: { message: ACCESS_NOTICES.noHouse, detail: 'no house' } };
  const entry = a.index.houses.get(house);
  if (entry === undefined) return { members: [], notice: { message: ACCESS_NOTICES.unknownHouse, detail: `house '${house}'` } };

  const entrance = a.entrance === undefined ? undefined : normaliseEntrance(value(a.entrance));
  const served = entrance === undefined ? undefined : entry.entrances.get(entrance);
  const members = [...new Set([...(served ?? []), ...entry.building])].sort();
  // A house whose devices are all building-wide (no entrance panels) needs no entrance.
  if (served !== undefined || entry.entrances.size === 0 || a.entrance === undefined) return { members };
  const some = entry.building.length > 0;
  const notice: MapNotice =
    entrance === undefined
      ? { message: some ? ACCESS_NOTICES.noEntrance : ACCESS_NOTICES.noEntranceNothing, detail: `house '${house}'` }
      : { message: some ? ACCESS_NOTICES.unknownEntrance : ACCESS_NOTICES.unknownEntranceNothing, detail: `house '${house}', entrance '${entrance}'` };
  return { members, notice };
}
