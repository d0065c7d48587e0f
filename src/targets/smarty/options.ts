/**
 * The `targets.<name>` options of a Smarty target (snake_case, as in sync.yaml), checked with
 * errors that name the config path and the fix.
 */
import { positiveIntOption, timeoutMsOption } from '../../config/option-readers.js';
import { BillsyncError } from '../../model/errors.js';
import { checkedAgainst } from '../../config/options-check.js';
import { SMARTY_OPTIONS_SCHEMA } from './options-schema.js';
import { partsOf, SMARTY_PARTS, type SmartyModePolicy, type SmartyPart } from './modes.js';

export interface SmartyTargetOptions {
  /** Base URL including `/billing/api`. */
  readonly url: string;
  readonly clientId: number;
  readonly apiKey: string;
  readonly timeoutMs?: number;
  /** How long customer creates wait after Smarty's registration limit (error 2) answered. */
  readonly registrationBackoffMs: number;
  /** What billsync manages (`mode`, `manage`, `transactions`). */
  readonly policy: SmartyModePolicy;
}

/** Default payment window: the last 30 days. */
export const DEFAULT_WINDOW_DAYS = 30;

/** Reads `mode`, `manage` and `transactions.{window_days,on_gone}`. */
function readPolicy(name: string, config: Readonly<Record<string, unknown>>): SmartyModePolicy {
  const path = (k: string): string => `targets.${name}.${k}`;
  const mode = config.mode ?? 'full';
  if (mode !== 'full' && mode !== 'transactional' && mode !== 'reduced') {
    throw new BillsyncError('CONFIG_RULE', `smarty mode '${String(mode)}' is not one of full, transactional, reduced`, { path: path('mode'), fix: 'write mode: full (the billing manages everything), transactional (payments only; Smarty manages tariffs) or reduced (with manage: [...])' });
  }
  let manage: SmartyPart[] | undefined;
  if (config.manage !== undefined) {
    if (mode !== 'reduced') throw new BillsyncError('CONFIG_RULE', `manage lists the parts of mode reduced, but mode is ${mode}`, { path: path('manage'), fix: 'write mode: reduced, or remove manage' });
    const list = config.manage;
    if (!Array.isArray(list) || list.some((x) => !(SMARTY_PARTS as readonly unknown[]).includes(x))) {
      throw new BillsyncError('CONFIG_RULE', `manage must list parts among ${SMARTY_PARTS.join(', ')}`, { path: path('manage') });
    }
    manage = list as SmartyPart[];
  } else if (mode === 'reduced') {
    throw new BillsyncError('CONFIG_RULE', 'mode reduced needs manage: the parts billsync manages', { path: path('manage'), fix: `e.g. manage: [accounts, devices] (parts: ${SMARTY_PARTS.join(', ')})` });
  }
  const tx = (config.transactions ?? {}) as Record<string, unknown>;
  const window = tx.window_days ?? DEFAULT_WINDOW_DAYS;
  if (typeof window !== 'number' || !Number.isInteger(window) || window < 1) {
    throw new BillsyncError('CONFIG_RULE', 'transactions.window_days must be a whole number of days (1 or more)', { path: path('transactions.window_days'), fix: `e.g. window_days: ${DEFAULT_WINDOW_DAYS}` });
  }
  const onGone = tx.on_gone ?? 'report';
  if (onGone !== 'report' && onGone !== 'delete') {
    throw new BillsyncError('CONFIG_RULE', `transactions.on_gone '${String(onGone)}' is not report or delete`, { path: path('transactions.on_gone'), fix: 'report (default: list it, keep the money on Smarty) or delete (transaction/delete)' });
  }
  return { mode, parts: partsOf(mode, manage), windowDays: window, onGone };
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
  return { url, clientId, apiKey, registrationBackoffMs: backoff, policy: readPolicy(name, config), ...(timeout !== undefined ? { timeoutMs: timeout } : {}) };
}

/** The block's options, checked by the readers above and then against SMARTY_OPTIONS_SCHEMA. */
export const parseSmartyOptions = checkedAgainst('targets', SMARTY_OPTIONS_SCHEMA, readSmartyOptions);
