/** LANBilling LBcore SOAP (`api3`) emulator: a loopback server plus a deterministic data generator. */
export { createLanbillingEmulator, DEFAULT_LOGIN, DEFAULT_PASSWORD } from './server.js';
export type { LanbillingEmulator, LanbillingEmulatorOptions } from './server.js';
export { generateLanbillingData } from './generate.js';
export { AGENT_INTERNET, AGENT_TV, AGENTS, CATALOG_SERVICES } from './catalog.js';
export { OPEN_END, SERVER_UTC_OFFSET_MS } from './render.js';
export { BLOCKED, SERVICE_STATE_ACTIVE } from './model.js';
export type { LbCatalogServiceRecord, LbData, LbVgroupRecord } from './model.js';
