/** LANBilling LBcore SOAP (`api3`) emulator: a loopback server plus a deterministic data generator. */
export { createLanbillingEmulator, DEFAULT_LOGIN, DEFAULT_PASSWORD } from './server.js';
export type { LanbillingEmulator, LanbillingEmulatorOptions, LanbillingEmulatorStats, ShortenSpec } from './server.js';
export { generateLanbillingData } from './generate.js';
export type { GenerateOptions } from './generate.js';
export { LanbillingState, type VgroupQuery } from './state.js';
export type { VgroupOverrides } from './factory.js';
export type { FaultSpec } from './faults.js';
export { AGENT_INTERNET, AGENT_TV, AGENTS, CATALOG_SERVICES, CATALOGS, TARIFFS } from './catalog.js';
export { lbDate, OPEN_END, SERVER_UTC_OFFSET_MS } from './render.js';
export { API3_NS, SOAP_ENV_NS } from './soap.js';
export { BLOCKED, SERVICE_STATE_ACTIVE } from './model.js';
export type {
  LbAccountRecord, LbAgentRecord, LbAgreementRecord, LbCatalogRecord, LbCatalogServiceRecord, LbData, LbServiceRecord,
  LbTariffRecord, LbVgroupRecord,
} from './model.js';
