/** Smarty Billing API emulator: a loopback server for tests, the demo and users' CI. */
export { createSmartyEmulator } from './server.js';
export type { FailureRule, SmartyEmulator, SmartyEmulatorOptions } from './server.js';
export type { SmartyEmulatorStats, SmartyRecordedRequest } from './stats.js';
export { SmartyState } from './state.js';
export type { SmartyAccount, SmartyCustomer, SmartyTariff } from './state.js';
export type { SmartyDevice, SmartyDeviceType } from './device-state.js';
export type { SmartyTransaction } from './transaction-state.js';
