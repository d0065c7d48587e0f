/**
 * Deterministic Hydra test data: `generateHydraData(count, seed)` returns the same customers for
 * the same seed and `now`. 100k customers take well under two seconds and stay compact
 * (records, not JSON), so the emulator can serve an ISP-sized base.
 */
import { CITIES, CATALOG, STREETS } from './dictionary.js';
import { CustomerFactory, FIRST_CUSTOMER_ID, floorSecond, type FactoryOptions } from './customer-factory.js';
import type { HydraCatalogItem, HydraData, HydraHouse } from './model.js';
import { intBetween, mulberry32, pick, type Rng } from '../kit/prng.js';

export interface GenerateOptions extends FactoryOptions {
  /**
   * The moment subscriptions are arranged around (some start after it, some ended before it).
   * Default: the current time; pass a fixed date for byte-identical output across runs.
   */
  readonly now?: Date;
}

/** The service catalog every generated data set serves. */
export function defaultCatalog(): Map<number, HydraCatalogItem> {
  return new Map(CATALOG.map((c) => [c.id, { id: c.id, name: c.name, code: c.code }]));
}

/** `count` customers with ids from 100001, reproducible from `seed`. */
export function generateHydraData(count: number, seed: number, opts: GenerateOptions = {}): HydraData {
  const rng = mulberry32(seed);
  const now = floorSecond(opts.now?.getTime() ?? Date.now());
  // About 60 customers per building: enough sharing for intercom-style mappings to matter.
  const houses = makeHouses(rng, Math.max(5, Math.ceil(count / 60)));
  const data: HydraData = { customers: [], catalog: defaultCatalog(), houses, now, nextSubscriptionId: 200_000_001 };
  const factory = new CustomerFactory(rng, data, opts);
  for (let i = 0; i < count; i++) data.customers.push(factory.make(FIRST_CUSTOMER_ID + i));
  return data;
}

function makeHouses(rng: Rng, count: number): HydraHouse[] {
  const houses: HydraHouse[] = [];
  for (let i = 0; i < count; i++) {
    const cityIndex = intBetween(rng, 0, CITIES.length - 1);
    const building = rng() < 0.15 ? ` к${intBetween(rng, 1, 4)}` : '';
    houses.push({
      id: 500_001 + i,
      regionId: 7_001 + cityIndex,
      city: CITIES[cityIndex] ?? 'Москва',
      street: pick(rng, STREETS),
      number: `${intBetween(rng, 1, 150)}${building}`,
      entrances: intBetween(rng, 1, 8),
      floors: pick(rng, [5, 9, 12, 16, 17, 25]),
    });
  }
  return houses;
}
