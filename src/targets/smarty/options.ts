/**
 * The `targets.<name>` options of a Smarty target (snake_case, as in sync.yaml), checked with
 * errors that name the config path and the fix.
 */
import { positiveIntOption, timeoutMsOption } from '../../config/option-readers.js';
import { BillsyncError } from '../../model/errors.js';
import { checkedAgainst } from '../../config/options-check.js';
import { SMARTY_OPTIONS_SCHEMA } from './options-schema.js';

export interface SmartyTargetOptions {
  /** Base URL including `/billing/api`. */
  readonly url: string;
  readonly clientId: number;
  readonly apiKey: string;
  readonly timeoutMs?: number;
  /** How long customer creates wait after Smarty's registration limit (error 2) answered. */
  readonly registrationBackoffMs: number;
}

/** Default hold after error 2: a minute (the limit's window is not documented). */
export const DEFAULT_REGISTRATION_BACKOFF_MS = 60_000;

/** Reads and checks `url`, `client_id`, `api_key`, `timeout_ms` and `registration_backoff_ms`. */
function readSmartyOptions(name: string, config: Readonly<Record<string, unknown>>): SmartyTargetOptions {
  const path = (k: string): string => `targets.${name}.${k}`;
  const url = config.url;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
    throw new BillsyncError('CONFIG_RULE', 'smarty url must be an http(s) URL', {
      path: path('url'),
      fix: 'set it to the Billing API base, e.g. https://smarty.example.com/billing/api',
    });
  }
  try {
    new URL(url);
  } catch {
    throw new BillsyncError('CONFIG_RULE', `smarty url '${url}' is not a valid URL`, { path: path('url') });
  }
  const rawId = config.client_id;
  // An integer ≥ 1, as the schema says: not 0, not the text "5".
  const clientId = typeof rawId === 'number' ? rawId : NaN;
  if (!Number.isInteger(clientId) || clientId < 1) {
    throw new BillsyncError('CONFIG_RULE', 'smarty client_id must be the operator id (an integer)', {
      path: path('client_id'),
      fix: 'copy the Client ID from the Smarty admin (Clients)',
    });
  }
  const apiKey = config.api_key;
  if (typeof apiKey !== 'string' || apiKey === '') {
    throw new BillsyncError('CONFIG_RULE', 'smarty api_key is missing', {
      path: path('api_key'),
      fix: 'set it from a secret, e.g. api_key: ${SMARTY_API_KEY} (the Billing API key, not the TVMW key)',
    });
  }
  const timeout = timeoutMsOption(config, `targets.${name}`, 'smarty');
  const backoff = positiveIntOption(config, 'registration_backoff_ms', `targets.${name}`) ?? DEFAULT_REGISTRATION_BACKOFF_MS;
  return { url, clientId, apiKey, registrationBackoffMs: backoff, ...(timeout !== undefined ? { timeoutMs: timeout } : {}) };
}

/** The block's options, checked by the readers above and then against SMARTY_OPTIONS_SCHEMA. */
export const parseSmartyOptions = checkedAgainst('targets', SMARTY_OPTIONS_SCHEMA, readSmartyOptions);
