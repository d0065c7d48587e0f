/** Smotreshka (Lifestream) target: factory registered under type `smotreshka`. */
import type { TargetFactory } from '../target.js';
import { SmotreshkaClient } from './client.js';
import { SMOTRESHKA_KINDS } from './kinds.js';
import { parseSmotreshkaOptions } from './options.js';
import { SMOTRESHKA_OPTIONS_SCHEMA } from './options-schema.js';
import { SmotreshkaTarget } from './target.js';

export const smotreshkaTargetFactory: TargetFactory = {
  type: 'smotreshka',
  system: 'Smotreshka / Lifestream',
  wire: '`/v2/accounts`, subscriptions, v3 `account-state`, IP allow-list',
  optionsSchema: SMOTRESHKA_OPTIONS_SCHEMA,
  parseOptions: parseSmotreshkaOptions,
  emulator: async () => (await import('../../emulators/smotreshka/standalone.js')).smotreshkaEmulator,
  kinds: SMOTRESHKA_KINDS,
  create(name, config, deps) {
    const o = parseSmotreshkaOptions(name, config);
    const client = new SmotreshkaClient({
      url: o.url,
      targetName: name,
      logger: deps.logger,
      ...(o.apiKey !== undefined ? { apiKey: o.apiKey } : {}),
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    });
    return new SmotreshkaTarget(name, client, o, deps.logger);
  },
};

export { SmotreshkaClient, SmotreshkaApiError, isApiError, errorText } from './client.js';
export type { SmotreshkaClientOptions } from './client.js';
export { SmotreshkaTarget } from './target.js';
export { parseSmotreshkaOptions, type BlockingPolicy, type SmotreshkaTargetOptions } from './options.js';
export { applyPolicy } from './policy.js';
export { stateStatus } from './account-state.js';
export { SMOTRESHKA_KINDS, SMOTRESHKA_ACCOUNT, ACCOUNT_STATES, type AccountState } from './kinds.js';
