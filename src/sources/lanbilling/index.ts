/** The `lanbilling` source type: LANBilling (LBcore) over SOAP `api3`. */
import { createLimiter } from '../../util/rate-limit.js';
import type { SourceFactory } from '../source.js';
import { parseLanbillingOptions } from './options.js';
import { LANBILLING_OPTIONS_SCHEMA } from './options-schema.js';
import { LanbillingSource } from './source.js';

export const lanbillingSourceFactory: SourceFactory = {
  type: 'lanbilling',
  system: 'LANBilling (LBcore)',
  wire: 'SOAP `api3` on :34012, manager `Login` → `sessnum` cookie, `flt` paging',
  optionsSchema: LANBILLING_OPTIONS_SCHEMA,
  parseOptions: parseLanbillingOptions,
  emulator: async () => (await import('../../emulators/lanbilling/standalone.js')).lanbillingEmulator,
  create(name, config, deps) {
    const opts = parseLanbillingOptions(name, config);
    return new LanbillingSource(name, opts, deps, createLimiter(opts.rate, `source:${name}`));
  },
};

export { LanbillingSource } from './source.js';
export { LanbillingClient, LanbillingFault } from './client.js';
export { LanbillingApi } from './api.js';
export { parseLanbillingOptions, DEFAULT_PER_PAGE, MAX_PER_PAGE, type LanbillingOptions } from './options.js';
export { BLOCKED_STATUS, UNKNOWN_BLOCKED_STATUS, statusOfBlocked } from './status.js';
export { normaliseVgroup, isLiveVgroup, isRunningService, serviceId, needsCatalog, nameOf, type NormaliseContext } from './normalise.js';
export { parseLbDate, parseUtcOffset, type LbDate } from './dates.js';
export { decodeVgroup, decodeAccount, decodeUsboxService, decodeCatalogService } from './decode.js';
export type { LbAccount, LbCatalogService, LbUsboxService, LbVgroup, LbVgroupBundle } from './types.js';
