/** Hydra "Hoper" REST v2 emulator: a loopback server plus a deterministic data generator. */
export { createHydraEmulator, DEFAULT_LOGIN, DEFAULT_PASSWORD } from './server.js';
export type { HydraEmulator } from './server.js';
export { generateHydraData } from './generate.js';
export type { HydraCustomerRecord, HydraData } from './model.js';
export { SUBJ_STATE } from './model.js';
