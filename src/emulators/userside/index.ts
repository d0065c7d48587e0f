/** UserSide ERP `api.php` emulator: a loopback server plus a deterministic data generator. */
export { createUsersideEmulator, DEFAULT_API_KEY } from './server.js';
export type { UsersideEmulator, UsersideEmulatorOptions } from './server.js';
export { generateUsersideData } from './generate.js';
export { describeHouses, flatLocation, flatNumber } from './houses.js';
export { STATES, STATE_ACTIVE, STATE_DISCONNECTED, SUGGESTED_STATUS_MAP, TARIFF_CAMERAS, TARIFF_INTERCOM } from './catalog.js';
export { DEFAULT_QUIRKS, dotted, type Quirks } from './render.js';
export { BILLING_ID } from './model.js';
export type { UsCustomerRecord, UsData } from './model.js';
