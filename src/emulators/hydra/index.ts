/** Hydra "Hoper" REST v2 emulator: a loopback server plus a deterministic data generator. */
export { createHydraEmulator, BASE_PATH, DEFAULT_LOGIN, DEFAULT_PASSWORD } from './server.js';
export type { HydraEmulator, HydraEmulatorOptions, HydraEmulatorStats } from './server.js';
export { generateHydraData, defaultCatalog } from './generate.js';
export type { GenerateOptions } from './generate.js';
export { HydraState } from './state.js';
export type { CustomerOverrides } from './customer-factory.js';
export type { FaultSpec } from './faults.js';
export type { HydraCatalogItem, HydraCustomerRecord, HydraData, HydraHouse, HydraSubscriptionRecord } from './model.js';
export { SUBJ_STATE } from './model.js';
export { isoMsk } from './render.js';
