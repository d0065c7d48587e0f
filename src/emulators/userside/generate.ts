/**
 * Deterministic UserSide test data: `generateUsersideData(count, seed)` returns the same
 * customers for the same seed and `now`. Records stay compact (not JSON), so the emulator can
 * hold an ISP-sized base of 100,000 customers.
 */
import { mulberry32 } from '../kit/prng.js';
import { DEFAULT_HOUSES, STATES, TARIFFS } from './catalog.js';
import { CustomerFactory, FIRST_CUSTOMER_ID } from './factory.js';
import { resolveHouses } from './houses.js';
import type { UsData, UsHouseSpec, UsStateRecord, UsTariffRecord } from './model.js';

export interface GenerateOptions {
  /**
   * The server's local wall-clock time the data is arranged around (dates are read from its UTC
   * fields). Default: the current time; pass a fixed date for identical output across runs.
   */
  readonly now?: Date;
  /** Houses customers live in; default five houses, ids 1001..1005, four entrances each. */
  readonly houses?: readonly UsHouseSpec[];
  /** Tariff catalogue; default `TARIFFS` (internet 1–5, intercom 501, cameras 502). */
  readonly tariffs?: readonly UsTariffRecord[];
  /** Work states; default `STATES` (1 active, 2 pause, 3 debt, 4 disconnected). */
  readonly states?: readonly UsStateRecord[];
}

/** `count` customers with ids from 1, reproducible from `seed`. */
export function generateUsersideData(count: number, seed: number, opts: GenerateOptions = {}): UsData {
  const data = emptyData(opts);
  const factory = new CustomerFactory(mulberry32(seed), data);
  for (let i = 0; i < count; i++) data.customers.push(factory.make(FIRST_CUSTOMER_ID + i));
  return data;
}

/** Catalogue, states and houses without customers. */
export function emptyData(opts: GenerateOptions = {}): UsData {
  return {
    customers: [],
    tariffs: new Map((opts.tariffs ?? TARIFFS).map((t) => [t.id, t])),
    states: new Map((opts.states ?? STATES).map((s) => [s.id, s])),
    houses: resolveHouses(opts.houses ?? DEFAULT_HOUSES),
    now: Math.floor((opts.now?.getTime() ?? Date.now()) / 1000) * 1000,
  };
}
