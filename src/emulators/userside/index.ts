/** UserSide ERP `api.php` emulator: a loopback server plus a deterministic data generator. */
export { createUsersideEmulator, API_PATH, DEFAULT_API_KEY } from './server.js';
export type { UsersideEmulator, UsersideEmulatorOptions, UsersideEmulatorStats, UsersideInstall } from './server.js';
export { generateUsersideData, emptyData } from './generate.js';
export type { GenerateOptions } from './generate.js';
export { UsersideState, type CustomerQuery } from './state.js';
export type { CustomerOverrides } from './factory.js';
export { FIRST_CUSTOMER_ID } from './factory.js';
export type { FaultSpec } from './faults.js';
export { describeHouses, flatLocation, flatNumber, resolveHouses, type EntranceDescription, type HouseDescription } from './houses.js';
export {
  DEFAULT_HOUSES, INTERNET_TARIFFS, STATES, STATE_ACTIVE, STATE_DEBT, STATE_DISCONNECTED, STATE_PAUSE, SUGGESTED_STATUS_MAP,
  TARIFFS, TARIFF_CAMERAS, TARIFF_INTERCOM,
} from './catalog.js';
export { DEFAULT_QUIRKS, dotted, escapeHtml, type Quirks } from './render.js';
export { BILLING_ID } from './model.js';
export type {
  UsAddressRecord, UsCustomerRecord, UsData, UsHouse, UsHouseSpec, UsIpRecord, UsStateRecord, UsTariffAssignment, UsTariffRecord,
} from './model.js';
