/**
 * The inventory's devices by the house and entrance they serve: what an `access:` mapping
 * grants a subscriber. A panel serves with both halves (its camera to watch, its lock to open).
 * Pure; runs on an inventory the rules accepted.
 */
import { normaliseEntrance, normaliseHouse, type AccessIndex, type HouseEntry } from '../../../mapping/access-index.js';
import { devicesOf } from './expand.js';
import { DEVICE_KIND } from './fields.js';
import type { RawInventory } from './types.js';

interface MutableHouse {
  building: string[];
  entrances: Map<string, string[]>;
}

/** The houses a device serves, normalised, each once. */
export function housesOf(house: RawInventory['devices'][string]['house']): string[] {
  const list = Array.isArray(house) ? house : [house];
  return [...new Set(list.map(normaliseHouse).filter((h): h is string => h !== undefined))];
}

export function buildAccessIndex(target: string, file: string, inv: RawInventory): AccessIndex {
  const houses = new Map<string, MutableHouse>();
  for (const [name, d] of Object.entries(inv.devices)) {
    const keys = devicesOf(target, name, d).map((e) => e.key);
    for (const h of housesOf(d.house)) {
      let entry = houses.get(h);
      if (!entry) houses.set(h, (entry = { building: [], entrances: new Map() }));
      if (d.entrances === undefined) {
        entry.building.push(...keys);
        continue;
      }
      for (const raw of d.entrances) {
        const e = normaliseEntrance(raw);
        if (e === undefined) continue;
        const list = entry.entrances.get(e);
        if (list) list.push(...keys.filter((k) => !list.includes(k)));
        else entry.entrances.set(e, [...keys]);
      }
    }
  }
  return { file, memberKind: DEVICE_KIND, houses: houses as ReadonlyMap<string, HouseEntry> };
}
