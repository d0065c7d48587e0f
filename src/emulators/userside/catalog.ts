/**
 * The fixed parts of generated data: the status configurator's states, the tariff catalogue
 * (internet tariffs plus the intercom and camera services a SmartYard mapping keys on) and the
 * default houses. Ids are small and stable so mappings and demos can name them.
 */
import type { UsHouseSpec, UsStateRecord, UsTariffRecord } from './model.js';
import type { SubscriberStatus } from '../../model/subscriber.js';

/** Intercom service ("Домофон"). */
export const TARIFF_INTERCOM = 501;
/** Video surveillance service ("Видеонаблюдение"). */
export const TARIFF_CAMERAS = 502;
/** Internet tariffs, cheapest first. */
export const INTERNET_TARIFFS: readonly number[] = [1, 2, 3, 4, 5];

export const TARIFFS: readonly UsTariffRecord[] = [
  { id: 1, name: 'Интернет 100 Мбит/с', amount: 500, serviceType: 1, billingUuid: 'inet-100' },
  { id: 2, name: 'Интернет 300 Мбит/с', amount: 700, serviceType: 1, billingUuid: 'inet-300' },
  { id: 3, name: 'Интернет 500 Мбит/с', amount: 900, serviceType: 1, billingUuid: 'inet-500' },
  { id: 4, name: 'Интернет 1 Гбит/с', amount: 1200, serviceType: 1, billingUuid: 'inet-1000' },
  // A name with quotes, so catalogue names come HTML-escaped too.
  { id: 5, name: 'Интернет "Семейный"', amount: 650, serviceType: 1, billingUuid: 'inet-family' },
  { id: TARIFF_INTERCOM, name: 'Домофон', amount: 60, serviceType: 2, billingUuid: 'intercom' },
  { id: TARIFF_CAMERAS, name: 'Видеонаблюдение', amount: 150, serviceType: 2, billingUuid: 'cameras' },
];

/** Work states of the emulated install. */
export const STATE_ACTIVE = 1;
export const STATE_PAUSE = 2;
export const STATE_DEBT = 3;
export const STATE_DISCONNECTED = 4;

export const STATES: readonly UsStateRecord[] = [
  { id: STATE_ACTIVE, name: 'Активен', functional: 'work' },
  { id: STATE_PAUSE, name: 'Пауза', functional: 'pause' },
  { id: STATE_DEBT, name: 'Отключен за неуплату', functional: 'stop' },
  { id: STATE_DISCONNECTED, name: 'Отключен', functional: 'stop' },
];

/**
 * How the emulated install's states read as canonical statuses: what a demo or test writes in
 * the source's `status_map` (UserSide state ids are per install, so the source has no defaults).
 */
export const SUGGESTED_STATUS_MAP: Readonly<Record<string, SubscriberStatus>> = {
  [STATE_ACTIVE]: 'active',
  [STATE_PAUSE]: 'blocked_user',
  [STATE_DEBT]: 'blocked_debt',
  [STATE_DISCONNECTED]: 'off',
};

export const DEFAULT_FLOORS = 5;
export const DEFAULT_FLATS_PER_FLOOR = 4;

/** Five houses, ids 1001..1005, four entrances each. */
export const DEFAULT_HOUSES: readonly UsHouseSpec[] = [
  { id: 1001, address: 'г. Казань, ул. Ленина, д. 1', entrances: 4 },
  { id: 1002, address: 'г. Казань, ул. Ленина, д. 3', entrances: 4 },
  { id: 1003, address: 'г. Казань, ул. Гагарина, д. 10', entrances: 4 },
  { id: 1004, address: 'г. Казань, пр-т Победы, д. 25', entrances: 4 },
  { id: 1005, address: 'г. Казань, ул. Садовая, д. 7 к2', entrances: 4 },
];
