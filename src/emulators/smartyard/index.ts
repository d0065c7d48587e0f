/** AX SmartYard `/bill/api` emulator: a loopback server for tests, the demo and users' CI. */
export { createSmartyardEmulator, DEFAULT_TOKEN } from './server.js';
export type { SmartyardEmulator, SmartyardEmulatorOptions, SmartyardFailureRule } from './server.js';
export type { SmartyardEmulatorStats, SmartyardRecordedRequest } from './stats.js';
export { DEFAULT_TYPES, DEVICE_FIELDS, DOOR_FIELDS, SmartyardState } from './state.js';
export type { DeviceFields, DoorFields, SmartyardDevice, SmartyardDoor, SmartyardKey } from './state.js';
export { BILL_PREFIX } from './routes.js';
