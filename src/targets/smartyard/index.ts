/** SmartYard (`/bill/api/`) target: factory registered under type `smartyard`. */
import type { TargetFactory } from '../target.js';
import { SmartyardClient } from './client.js';
import { SMARTYARD_KINDS } from './kinds.js';
import { parseSmartyardOptions } from './options.js';
import { SMARTYARD_OPTIONS_SCHEMA } from './options-schema.js';
import { SmartyardTarget } from './target.js';
import { createLimiter } from '../../util/rate-limit.js';
import { loadInventory } from './inventory/load.js';

export const smartyardTargetFactory: TargetFactory = {
  type: 'smartyard',
  system: 'SmartYard (`/bill/api/`)',
  wire: 'JSON POST with trailing slash: devices, doors, rights per contract uid',
  optionsSchema: SMARTYARD_OPTIONS_SCHEMA,
  parseOptions: parseSmartyardOptions,
  emulator: async () => (await import('../../emulators/smartyard/standalone.js')).smartyardEmulator,
  // `inventory:` names the devices and doors this target keeps (inventory/load.ts).
  declaredState: {
    option: 'inventory',
    async load(ctx) {
      const r = await loadInventory(ctx);
      return { ...(r.inventory ? { state: r.inventory } : {}), errors: r.errors, secretValues: r.secretValues, hashInput: r.hashInput };
    },
  },
  kinds: SMARTYARD_KINDS,
  create(name, config, deps) {
    const o = parseSmartyardOptions(name, config);
    const client = new SmartyardClient({
      url: o.url,
      targetName: name,
      logger: deps.logger,
      ...(o.token !== undefined ? { token: o.token } : {}),
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      // The configured rate caps requests, not just ops (see SmartyardClientOptions.limiter).
      ...(deps.rate?.requests ? { limiter: createLimiter(deps.rate, `target-requests:${name}`) } : {}),
    });
    return new SmartyardTarget(name, client, deps.logger, { inventoryMode: o.inventoryMode });
  },
};

export { SmartyardClient, SmartyardApiError, errorText } from './client.js';
export type { SmartyardAnswer, SmartyardClientOptions } from './client.js';
export { SmartyardTarget } from './target.js';
export { parseSmartyardOptions, type SmartyardTargetOptions } from './options.js';
export { SMARTYARD_KINDS, SMARTYARD_DEVICE, SMARTYARD_DOOR, SMARTYARD_RIGHTS, DEVICE_FIELDS, DEVICE_TYPES } from './kinds.js';
export { deviceMatches } from './device-ops.js';
export { doorMatches } from './door-ops.js';
export { coordinate, deviceBody, doorBody, readDevice, readDoor } from './wire.js';
