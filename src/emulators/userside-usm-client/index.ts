/** Emulated UserSide usm_billing importer (the client side of a billing's universal API). */
export { runUsmImport, requestUrl, UsImportStore, UsmImportError } from './client.js';
export type { ImportReport, UsImportedCustomer, UsImportedTariff } from './client.js';
