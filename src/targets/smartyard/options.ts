/**
 * The `targets.<name>` options of a SmartYard target (snake_case, as in sync.yaml), checked with
 * errors that name the config path and the fix.
 */
import { httpUrlOption, optionalTextOption, timeoutMsOption } from '../../config/option-readers.js';
import { BillsyncError } from '../../model/errors.js';
import { checkedAgainst } from '../../config/options-check.js';
import { SMARTYARD_OPTIONS_SCHEMA } from './options-schema.js';

/**
 * How devices and doors of the inventory come to exist: `create` adds the ones it cannot adopt
 * (`devices_add/`, `doors_add/`); `adopt_only` never adds — they are made by hand in SmartYard and
 * adopted by listing — for servers whose add routes fail (the published HEAD answers 422 to every
 * `devices_add/` and `doors_add/`).
 */
export type InventoryMode = 'create' | 'adopt_only';

export interface SmartyardTargetOptions {
  /** Server base URL; the client appends `/bill/api/<route>/`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer` when set (the server itself checks none; a proxy may). */
  readonly token?: string;
  readonly timeoutMs?: number;
  readonly inventoryMode: InventoryMode;
}

/**
 * Reads and checks `url`, `token`, `timeout_ms` and `inventory_mode`. `inventory` is the config layer's (it loads
 * the inventory file) and is accepted and ignored here, like the common keys.
 */
function readSmartyardOptions(name: string, config: Readonly<Record<string, unknown>>): SmartyardTargetOptions {
  const at = `targets.${name}`;
  const parsed = httpUrlOption(config, at, 'smartyard', 'set it to the server base (the app port, e.g. http://10.0.0.5:5000); billsync appends /bill/api/<route>/');
  // Operators often paste the API path itself; the client adds it, so it is cut here.
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\/bill\/api$/, '')}`;
  const token = optionalTextOption(config, 'token', at, 'smartyard', 'remove it, or set it from a secret, e.g. token: ${SMARTYARD_TOKEN}');
  const timeout = timeoutMsOption(config, at, 'smartyard');
  const mode = config.inventory_mode ?? 'create';
  if (mode !== 'create' && mode !== 'adopt_only') {
    throw new BillsyncError('CONFIG_RULE', `smartyard inventory_mode must be create or adopt_only, not '${String(mode)}'`, {
      path: `${at}.inventory_mode`,
      fix: 'use adopt_only when the server cannot add devices (devices_add/ answers 422 to everything), else create',
    });
  }
  return {
    url: base,
    inventoryMode: mode,
    ...(token !== undefined ? { token } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
  };
}

/** The block's options, checked by the readers above and then against SMARTYARD_OPTIONS_SCHEMA. */
export const parseSmartyardOptions = checkedAgainst('targets', SMARTYARD_OPTIONS_SCHEMA, readSmartyardOptions);
