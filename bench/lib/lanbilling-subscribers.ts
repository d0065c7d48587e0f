/**
 * LANBilling subscribers for benchmarks without the source read: the LANBilling emulator's
 * generator renders each account entry, its user and its services exactly as api3 would, the
 * source's own decoders read them back and its pure normaliser makes the Subscriber — page by
 * page, as the real source streams them. Only SOAP and HTTP are left out.
 *
 * Every live entry is mapped, of both agents (the example reads the TV agent only): the
 * benchmark's 100,000 vgroups are then ~96,000 subscribers rather than ~58,000.
 */
import { generateLanbillingData, SERVER_UTC_OFFSET_MS, type LbData } from '../../src/emulators/lanbilling/index.js';
import { renderAccountFull, renderCatalogService, renderUsboxService, renderVgroupBrief } from '../../src/emulators/lanbilling/render.js';
import {
  decodeAccount, decodeCatalogService, decodeUsboxService, decodeVgroup, isLiveVgroup, normaliseVgroup,
  type LbAccount, type LbCatalogService, type NormaliseContext,
} from '../../src/sources/lanbilling/index.js';
import type { Subscriber } from '../../src/model/subscriber.js';

export function lanbillingBenchData(count: number, seed = 42, now = new Date()): LbData {
  return generateLanbillingData(count, seed, { now });
}

/** Normalised subscribers in pages of `perPage`, built lazily like a streaming source read. */
export function* lanbillingPages(data: LbData, perPage = 1000, now = new Date()): Generator<Subscriber[]> {
  const catalog = new Map<number, LbCatalogService>();
  for (const c of data.catalogServices) {
    const decoded = decodeCatalogService(renderCatalogService(c));
    if (decoded) catalog.set(decoded.id, decoded);
  }
  const ctx: NormaliseContext = {
    source: 'lanbilling',
    now,
    utcOffsetMinutes: SERVER_UTC_OFFSET_MS / 60_000,
    catalogService: (id) => catalog.get(id),
  };
  // One user's entries sit next to each other, so a small cache is the source's per-read cache.
  const accounts = new Map<number, LbAccount | null>();
  // flt.archive = 0: the server leaves archived entries out.
  const records = data.vgroups.filter((v) => !v.archive);
  const entriesOn = new Map<number, number>();
  for (const v of data.vgroups) entriesOn.set(v.agrmid, (entriesOn.get(v.agrmid) ?? 0) + 1);
  for (let from = 0; from < records.length; from += perPage) {
    const page: Subscriber[] = [];
    for (const record of records.slice(from, from + perPage)) {
      const vgroup = decodeVgroup(renderVgroupBrief(record, data));
      if (!vgroup || !isLiveVgroup(vgroup)) continue;
      let account = accounts.get(vgroup.uid);
      if (account === undefined) {
        const a = data.accounts.get(vgroup.uid);
        account = a ? decodeAccount(renderAccountFull(a, (agrmid) => entriesOn.get(agrmid) ?? 0)) : null;
        if (accounts.size > 10_000) accounts.clear();
        accounts.set(vgroup.uid, account);
      }
      const services = record.services.map((s) => decodeUsboxService(renderUsboxService(s, record, data, true))).filter((s) => s !== null);
      page.push(normaliseVgroup({ vgroup, account, services }, ctx));
    }
    yield page;
  }
}
