/**
 * House layout: flats are numbered through a house entrance by entrance, floor by floor
 * (entrance 1 holds flats 1..floors×perFloor, entrance 2 the next block), as in most Russian
 * apartment blocks. `describeHouses` is what another component (a SmartYard inventory for the
 * demo) uses to put intercoms and doors on the same houses and entrances.
 */
import { DEFAULT_FLATS_PER_FLOOR, DEFAULT_FLOORS } from './catalog.js';
import type { UsHouse, UsHouseSpec } from './model.js';

export function resolveHouses(specs: readonly UsHouseSpec[]): UsHouse[] {
  if (specs.length === 0) throw new Error('userside emulator: at least one house is needed');
  const ids = new Set<number>();
  return specs.map((h) => {
    if (ids.has(h.id)) throw new Error(`userside emulator: house id ${h.id} given twice`);
    ids.add(h.id);
    const floors = h.floors ?? DEFAULT_FLOORS;
    const flatsPerFloor = h.flatsPerFloor ?? DEFAULT_FLATS_PER_FLOOR;
    if (h.entrances < 1 || floors < 1 || flatsPerFloor < 1) throw new Error(`userside emulator: house ${h.id} has no flats`);
    return { id: h.id, address: h.address, entrances: h.entrances, floors, flatsPerFloor };
  });
}

/** Number of the flat at `position` (1-based) on `floor` of `entrance`. */
export function flatNumber(house: UsHouse, entrance: number, floor: number, position: number): number {
  return ((entrance - 1) * house.floors + (floor - 1)) * house.flatsPerFloor + position;
}

/** Entrance and floor of a flat number; null when the house has no such flat. */
export function flatLocation(house: UsHouse, flat: number): { entrance: number; floor: number } | null {
  const perEntrance = house.floors * house.flatsPerFloor;
  if (!Number.isInteger(flat) || flat < 1 || flat > perEntrance * house.entrances) return null;
  const index = flat - 1;
  return { entrance: Math.floor(index / perEntrance) + 1, floor: Math.floor((index % perEntrance) / house.flatsPerFloor) + 1 };
}

/** One entrance of a described house. */
export interface EntranceDescription {
  readonly entrance: number;
  readonly floors: number;
  readonly firstFlat: number;
  readonly lastFlat: number;
}

export interface HouseDescription {
  readonly id: number;
  readonly address: string;
  readonly entrances: readonly EntranceDescription[];
}

/** The houses as data another emulator can be seeded with (ids, address lines, flat ranges). */
export function describeHouses(houses: readonly UsHouse[]): HouseDescription[] {
  return houses.map((h) => ({
    id: h.id,
    address: h.address,
    entrances: Array.from({ length: h.entrances }, (_, i) => ({
      entrance: i + 1,
      floors: h.floors,
      firstFlat: flatNumber(h, i + 1, 1, 1),
      lastFlat: flatNumber(h, i + 1, h.floors, h.flatsPerFloor),
    })),
  }));
}
