/**
 * UserSide subscribers for benchmarks without the source read: the UserSide emulator's generator
 * renders each customer exactly as api.php's `module/get_user_list` would (default install
 * shape), the source's own decoder reads it back and its pure normaliser makes the Subscriber
 * with the demo's status map — page by page, as the real source streams them. Only HTTP and
 * JSON are left out.
 *
 * Customers live in the emulator's five default houses (1001–1005, four entrances each), the
 * ones inventory/smartyard.yaml covers; about half have the intercom (501), a fifth the cameras
 * (502).
 */
import {
  DEFAULT_QUIRKS,
  SUGGESTED_STATUS_MAP,
  generateUsersideData,
  type UsData,
} from '../../src/emulators/userside/index.js';
import { renderCustomer, renderState, renderTariff } from '../../src/emulators/userside/render.js';
import {
  buildStatusMap,
  decodeCustomer,
  decodeState,
  decodeTariff,
  normaliseCustomer,
  type NormaliseContext,
} from '../../src/sources/userside/index.js';
import type { Subscriber } from '../../src/model/subscriber.js';

/** The emulated ERP's offset from UTC (the source's default). */
const UTC_OFFSET_MINUTES = 180;

export function usersideBenchData(count: number, seed = 42, now = new Date()): UsData {
  return generateUsersideData(count, seed, { now });
}

/** Normalised subscribers in pages of `perPage`, built lazily like a streaming source read. */
export function* usersidePages(data: UsData, perPage = 1000): Generator<Subscriber[]> {
  const q = DEFAULT_QUIRKS;
  const states = new Map([...data.states.values()].map((s) => [s.id, decodeState(renderState(s, q))!]));
  const tariffs = new Map([...data.tariffs.values()].map((t) => [t.id, decodeTariff(renderTariff(t, q))!]));
  const ctx: NormaliseContext = {
    source: 'userside',
    statusMap: buildStatusMap(SUGGESTED_STATUS_MAP, 'sources.userside.status_map'),
    states,
    tariffs,
    utcOffsetMinutes: UTC_OFFSET_MINUTES,
    statusMapPath: 'sources.userside.status_map',
  };
  const render = { quirks: q, houses: new Map(data.houses.map((h) => [h.id, h])) };
  for (let from = 0; from < data.customers.length; from += perPage) {
    const page: Subscriber[] = [];
    for (const record of data.customers.slice(from, from + perPage)) {
      // get_user_list leaves prospects out, and the source would too.
      if (record.potential) continue;
      const customer = decodeCustomer(renderCustomer(record, render), String(record.id));
      if (customer) page.push(normaliseCustomer(customer, ctx));
    }
    yield page;
  }
}
