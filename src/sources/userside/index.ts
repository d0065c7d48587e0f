/** The `userside` source type: UserSide ERP over its `api.php`. */
import { createLimiter } from '../../util/rate-limit.js';
import type { SourceFactory } from '../source.js';
import { parseUsersideOptions } from './options.js';
import { USERSIDE_OPTIONS_SCHEMA } from './options-schema.js';
import { UsersideSource } from './source.js';

export const usersideSourceFactory: SourceFactory = {
  type: 'userside',
  system: 'UserSide ERP',
  wire: '`api.php?key=…&cat=…&action=…`, `Result`/`ErrorText`, id-keyed objects',
  optionsSchema: USERSIDE_OPTIONS_SCHEMA,
  parseOptions: parseUsersideOptions,
  emulator: async () => (await import('../../emulators/userside/standalone.js')).usersideEmulator,
  create(name, config, deps) {
    const opts = parseUsersideOptions(name, config);
    return new UsersideSource(name, opts, deps, createLimiter(opts.rate, `source:${name}`));
  },
};

export { UsersideSource } from './source.js';
export { UsersideClient, UsersideApiError } from './client.js';
export { UsersideApi } from './api.js';
export { parseUsersideOptions, BULK_MODES, DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, type BulkMode, type UsersideOptions } from './options.js';
export { buildStatusMap, resolveState, SKIPPED_STATUS, type StateRule, type StateResolution } from './status.js';
export { normaliseCustomer, accountOf, nameOf, addressOf, type NormaliseContext } from './normalise.js';
export { customerEntries, decodeCustomer, decodeState, decodeTariff } from './decode-customer.js';
export { entriesOf, flagOf, intOf, ipOf, macOf, numOf, textOf } from './decode.js';
export { decodeHtml } from './html.js';
export { parseUsDate, isoDate, isoInstant, parseUtcOffset, type UsDate } from './dates.js';
export { parseAnswer, type UsAnswer } from './envelope.js';
export type { UsAddress, UsContact, UsCustomer, UsState, UsTariff, UsTariffRef } from './types.js';
