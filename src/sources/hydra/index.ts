/** The `hydra` source type: Latera Hydra billing over Hoper REST v2. */
import { createLimiter } from '../../util/rate-limit.js';
import type { SourceFactory } from '../source.js';
import { parseHydraOptions } from './options.js';
import { HYDRA_OPTIONS_SCHEMA } from './options-schema.js';
import { HydraSource } from './source.js';

export const hydraSourceFactory: SourceFactory = {
  type: 'hydra',
  system: 'Latera Hydra billing',
  wire: 'REST v2 "Hoper": `POST /rest/v2/login` → token, paged `page`/`per_page`',
  optionsSchema: HYDRA_OPTIONS_SCHEMA,
  parseOptions: parseHydraOptions,
  emulator: async () => (await import('../../emulators/hydra/standalone.js')).hydraEmulator,
  create(name, config, deps) {
    const opts = parseHydraOptions(name, config);
    return new HydraSource(name, opts, deps, createLimiter(opts.rate, `source:${name}`));
  },
};

export { HydraSource } from './source.js';
export { HydraClient } from './client.js';
export { parseHydraOptions, MAX_PER_PAGE, type HydraOptions } from './options.js';
export { DEFAULT_STATUS_MAP, UNKNOWN_STATE_STATUS, buildStatusMap } from './status.js';
export { normaliseCustomer, splitFio, isActiveSubscription, activeServiceIds, personalAccount } from './normalise.js';
