/** Emulated UserSide usm_billing importer (the client side of a billing's universal API). */
export { runUsmImport, requestUrl, UsImportStore } from './client.js';
