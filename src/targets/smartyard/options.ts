/**
 * The `targets.<name>` options of a SmartYard target (snake_case, as in sync.yaml), checked with
 * errors that name the config path and the fix.
 */
import { httpUrlOption, optionalTextOption, timeoutMsOption } from '../../config/option-readers.js';

export interface SmartyardTargetOptions {
  /** Server base URL; the client appends `/bill/api/<route>/`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer` when set (the server itself checks none; a proxy may). */
  readonly token?: string;
  readonly timeoutMs?: number;
}

/**
 * Reads and checks `url`, `token` and `timeout_ms`. `inventory` is the config layer's (it loads
 * the inventory file) and is accepted and ignored here, like the common keys.
 */
export function parseSmartyardOptions(name: string, config: Readonly<Record<string, unknown>>): SmartyardTargetOptions {
  const at = `targets.${name}`;
  const parsed = httpUrlOption(config, at, 'smartyard', 'set it to the server base (the app port, e.g. http://10.0.0.5:5000); billsync appends /bill/api/<route>/');
  // Operators often paste the API path itself; the client adds it, so it is cut here.
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\/bill\/api$/, '')}`;
  const token = optionalTextOption(config, 'token', at, 'smartyard', 'remove it, or set it from a secret, e.g. token: ${SMARTYARD_TOKEN}');
  const timeout = timeoutMsOption(config, at, 'smartyard');
  return {
    url: base,
    ...(token !== undefined ? { token } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
  };
}
