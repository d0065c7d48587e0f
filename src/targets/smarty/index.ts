/** Smarty (Microimpuls) target: factory registered under type `smarty`. */
import type { TargetFactory } from '../target.js';
import { SmartyClient } from './client.js';
import { SMARTY_KINDS } from './kinds.js';
import { parseSmartyOptions } from './options.js';
import { SMARTY_OPTIONS_SCHEMA } from './options-schema.js';
import { SmartyTarget } from './target.js';

export const smartyTargetFactory: TargetFactory = {
  type: 'smarty',
  system: 'Microimpuls Smarty',
  wire: 'Billing API, form POST signed with md5(base64(sorted `k:v;` + key))',
  optionsSchema: SMARTY_OPTIONS_SCHEMA,
  parseOptions: parseSmartyOptions,
  emulator: async () => (await import('../../emulators/smarty/standalone.js')).smartyEmulator,
  kinds: SMARTY_KINDS,
  // Transactional: Smarty's own billing keeps the balance, made of the transactions billsync sends.
  keepsLedger: (block) => block.mode === 'transactional',
  create(name, config, deps) {
    const o = parseSmartyOptions(name, config);
    const client = new SmartyClient({
      url: o.url,
      clientId: o.clientId,
      apiKey: o.apiKey,
      targetName: name,
      logger: deps.logger,
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    });
    return new SmartyTarget(name, client, deps.logger, { registrationBackoffMs: o.registrationBackoffMs, policy: o.policy });
  },
};

export { SmartyClient, SmartyApiError, isApiError } from './client.js';
export type { SmartyAnswer, SmartyClientOptions } from './client.js';
export { SmartyTarget } from './target.js';
export { parseSmartyOptions, type SmartyTargetOptions } from './options.js';
export { SMARTY_KINDS } from './kinds.js';
