/** AX SmartYard `/bill/api` emulator: a loopback server for tests, the demo and users' CI. */
export { createSmartyardEmulator, DEFAULT_TOKEN } from './server.js';
export type { SmartyardEmulator, SmartyardEmulatorOptions } from './server.js';
export { SmartyardState } from './state.js';
