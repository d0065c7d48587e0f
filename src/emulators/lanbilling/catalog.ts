/**
 * The fixed reference data every generated LANBilling serves: agents, a Smotreshka services
 * catalog linked by external id (DOC smotreshka: one catalog service per subscription), a
 * services catalog without external ids, an IP catalog (not services, skipped by readers), and
 * tariffs that include those services — the three layouts the vendor describes collapse into
 * "a TV services tariff" and "an internet tariff that also carries TV services".
 */
import type { LbAgentRecord, LbCatalogRecord, LbCatalogServiceRecord, LbTariffRecord } from './model.js';

/** RADIUS agent for internet vgroups and a USBox services agent for TV-only vgroups. */
export const AGENT_INTERNET = 1;
export const AGENT_TV = 2;

export const AGENTS: readonly LbAgentRecord[] = [
  { id: AGENT_INTERNET, type: 6, descr: 'RADIUS Интернет' },
  { id: AGENT_TV, type: 13, descr: 'USBox Смотрёшка' },
];

export const CATALOGS: readonly LbCatalogRecord[] = [
  { catid: 1, cattype: 1, catname: 'IP-адреса' },
  { catid: 2, cattype: 4, catname: 'Смотрёшка' },
  { catid: 3, cattype: 4, catname: 'Дополнительные услуги' },
];

/**
 * Services of the catalogs. The uuids look like Smotreshka subscription ids (24 hex); the
 * set-top box rent and the archive option have none, like most non-TV services.
 */
export const CATALOG_SERVICES: readonly LbCatalogServiceRecord[] = [
  { id: 201, catid: 2, descr: 'Смотрёшка Базовый', uuid: '5f1a0c3e9b1d4a0012c0ffee', kind: 'base', above: 199 },
  { id: 202, catid: 2, descr: 'Смотрёшка Оптимальный', uuid: '5f1a0c3e9b1d4a0012c0ff01', kind: 'base', above: 349 },
  { id: 203, catid: 2, descr: 'Смотрёшка Максимальный', uuid: '5f1a0c3e9b1d4a0012c0ff02', kind: 'base', above: 599 },
  { id: 211, catid: 2, descr: 'Кино', uuid: '5f1a0c3e9b1d4a0012c0ff11', kind: 'additional', above: 149 },
  { id: 212, catid: 2, descr: 'Детский', uuid: '5f1a0c3e9b1d4a0012c0ff12', kind: 'additional', above: 99 },
  { id: 213, catid: 2, descr: 'Спорт', uuid: '5f1a0c3e9b1d4a0012c0ff13', kind: 'additional', above: 199 },
  { id: 214, catid: 2, descr: 'Матч Премьер', uuid: '5f1a0c3e9b1d4a0012c0ff14', kind: 'additional', above: 299 },
  { id: 221, catid: 2, descr: 'Архив передач', uuid: '', kind: 'other', above: 49 },
  { id: 301, catid: 3, descr: 'Аренда приставки', uuid: '', kind: 'other', above: 150 },
  { id: 302, catid: 3, descr: 'Статический IP', uuid: '', kind: 'other', above: 100 },
];

/** Tariff ids. */
export const TARIFF_TV = 10;
export const TARIFF_INET_100 = 20;
export const TARIFF_INET_500 = 21;

const TV_CATEGORIES = [201, 202, 203, 211, 212, 213, 214, 221, 301].map((servcatid, catidx) => ({ catidx, servcatid }));

export const TARIFFS: readonly LbTariffRecord[] = [
  { tarid: TARIFF_TV, descr: 'ТВ Смотрёшка', type: 5, categories: TV_CATEGORIES },
  {
    tarid: TARIFF_INET_100,
    descr: 'Интернет 100',
    type: 0,
    // catidx 0 is the tariff's own "rent" category in real installs; services start at 1.
    categories: [{ catidx: 1, servcatid: 302 }, ...TV_CATEGORIES.map((c) => ({ catidx: c.catidx + 2, servcatid: c.servcatid }))],
  },
  {
    tarid: TARIFF_INET_500,
    descr: 'Интернет 500',
    type: 0,
    categories: [{ catidx: 1, servcatid: 302 }, ...TV_CATEGORIES.map((c) => ({ catidx: c.catidx + 2, servcatid: c.servcatid }))],
  },
];

/** The catalog service ids of one kind. */
export function serviceIdsOf(kind: LbCatalogServiceRecord['kind']): number[] {
  return CATALOG_SERVICES.filter((s) => s.kind === kind).map((s) => s.id);
}
