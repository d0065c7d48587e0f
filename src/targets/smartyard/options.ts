/**
 * The `targets.<name>` options of a SmartYard target (snake_case, as in sync.yaml), checked with
 * errors that name the config path and the fix.
 */
import { BillsyncError } from '../../model/errors.js';

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
  const path = (k: string): string => `targets.${name}.${k}`;
  const url = config.url;
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' && /^https?:\/\//.test(url) ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed) {
    throw new BillsyncError('CONFIG_RULE', 'smartyard url must be an http(s) URL', {
      path: path('url'),
      fix: 'set it to the server base (the app port, e.g. http://10.0.0.5:5000); billsync appends /bill/api/<route>/',
    });
  }
  // Operators often paste the API path itself; the client adds it, so it is cut here.
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\/bill\/api$/, '')}`;
  const token = config.token;
  if (token !== undefined && (typeof token !== 'string' || token === '')) {
    throw new BillsyncError('CONFIG_RULE', 'smartyard token must be non-empty text when set', {
      path: path('token'),
      fix: 'remove it, or set it from a secret, e.g. token: ${SMARTYARD_TOKEN}',
    });
  }
  const timeout = config.timeout_ms;
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0))) {
    throw new BillsyncError('CONFIG_RULE', 'smartyard timeout_ms must be a positive number of milliseconds', {
      path: path('timeout_ms'),
    });
  }
  return {
    url: base,
    ...(typeof token === 'string' ? { token } : {}),
    ...(typeof timeout === 'number' ? { timeoutMs: timeout } : {}),
  };
}
