/** Smotreshka (Lifestream) operator API emulator: a loopback server for tests, the demo and users' CI. */
export { createSmotreshkaEmulator } from './server.js';
export type { SmotreshkaEmulator, SmotreshkaEmulatorOptions } from './server.js';
export type { SmotreshkaAccount } from './state.js';
export { MAX_AHEAD_MS, MAX_BEHIND_MS } from './account-state-route.js';
export { buyInApp, callback as upsaleCallback } from './upsale-caller.js';
