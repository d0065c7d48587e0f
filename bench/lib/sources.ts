/**
 * Bench subscribers by source type: generated, rendered as the billing's API would and
 * normalised by the source's own code, page by page (see subscribers.ts for Hydra,
 * lanbilling-subscribers.ts for LANBilling and userside-subscribers.ts for UserSide). A new
 * source adds one line here.
 */
import type { Subscriber } from '../../src/model/subscriber.js';
import { lanbillingBenchData, lanbillingPages } from './lanbilling-subscribers.js';
import { benchData, subscriberPages } from './subscribers.js';
import { usersideBenchData, usersidePages } from './userside-subscribers.js';

export const BENCH_SOURCES: Readonly<Record<string, (size: number, now: Date, perPage: number) => Generator<Subscriber[]>>> = {
  hydra: (size, now, perPage) => subscriberPages(benchData(size), perPage, now),
  lanbilling: (size, now, perPage) => lanbillingPages(lanbillingBenchData(size, 42, now), perPage, now),
  userside: (size, now, perPage) => usersidePages(usersideBenchData(size, 42, now), perPage),
};

/** `size` generated records of source type `source`, normalised, in pages. */
export function benchPages(source: string, size: number, now = new Date(), perPage = 1000): Generator<Subscriber[]> {
  const make = Object.hasOwn(BENCH_SOURCES, source) ? BENCH_SOURCES[source] : undefined;
  if (!make) throw new Error(`no bench data for source type '${source}' (bench/lib/sources.ts)`);
  return make(size, now, perPage);
}
