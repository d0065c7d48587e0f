/** Smarty Billing API emulator: a loopback server for tests, the demo and users' CI. */
export { createSmartyEmulator } from './server.js';
export type { SmartyEmulator, SmartyEmulatorOptions } from './server.js';
export { SmartyState } from './state.js';
