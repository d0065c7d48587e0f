/**
 * How a full Hydra read finds its customers. `GET /subjects/customers?page&per_page` is INFERRED
 * (shared/api/hydra.md §1: no vendor client confirms it), so an install may not have it. Then
 * the read enumerates the ids an operator provides (`customer_ids`: a file, or a command's
 * output) and reads each with the confirmed `GET /subjects/customers/{id}`; or it does no full
 * reads at all (`event_only`) and only triggers (readOne) sync.
 *
 * sync.yaml:
 *   enumeration: list | customer_ids | event_only     # default list
 *   customer_ids: { file: /var/lib/billsync/hydra-ids.txt }
 *   customer_ids: { command: [/usr/local/bin/hydra-ids, --all], timeout_ms: 300000 }
 *
 * `list` pages the list endpoint and, if it answers 404 and `customer_ids` is given, falls back
 * to the ids. The command runs WITHOUT a shell (execFile): no quoting, globbing, pipes or `$VAR`,
 * so nothing in the config can be interpreted twice. A string is split on whitespace; anything
 * that needs a shell must be a script the operator owns.
 */
import { isAbsolute } from 'node:path';
import { BillsyncError } from '../../model/errors.js';

/** Where the ids of a `customer_ids` read come from. */
export type CustomerIdList =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly timeoutMs: number };

export type HydraEnumeration =
  /** Page `GET /subjects/customers`; on a 404 read `fallback` when given. */
  | { readonly kind: 'list'; readonly fallback?: CustomerIdList }
  /** Always read the listed ids (the list endpoint is not used). */
  | { readonly kind: 'customer_ids'; readonly ids: CustomerIdList }
  /** No full reads: read() reports itself incomplete and yields nothing; readOne works. */
  | { readonly kind: 'event_only' };

export const ENUMERATIONS = ['list', 'customer_ids', 'event_only'] as const;
/** What read() reports in event-only mode (the plan shows it among the held-back reasons). */
export const EVENT_ONLY_REASON = 'event-only: customers are read one at a time from triggers';
export const DEFAULT_COMMAND_TIMEOUT_MS = 300_000;

/** Characters a shell would interpret; refused in a string command, which runs without one. */
const SHELL_SYNTAX = /["'`$|&;<>(){}*?~\\\n]/;

export function parseEnumeration(config: Readonly<Record<string, unknown>>, at: string): HydraEnumeration {
  const mode = config.enumeration ?? 'list';
  if (typeof mode !== 'string' || !(ENUMERATIONS as readonly string[]).includes(mode)) {
    throw new BillsyncError('CONFIG_RULE', `enumeration must be one of ${ENUMERATIONS.join(', ')}`, {
      path: `${at}.enumeration`,
      fix: 'leave it out (list) unless Hydra has no GET /subjects/customers',
    });
  }
  const ids = config.customer_ids === undefined || config.customer_ids === null ? undefined : parseIdList(config.customer_ids, `${at}.customer_ids`);
  if (mode === 'customer_ids') {
    if (!ids) {
      throw new BillsyncError('CONFIG_RULE', 'enumeration customer_ids needs customer_ids', {
        path: `${at}.customer_ids`,
        fix: `set ${at}.customer_ids to { file: /path/ids.txt } or { command: [program, arg] } (one customer id per line)`,
      });
    }
    return { kind: 'customer_ids', ids };
  }
  if (mode === 'event_only') {
    if (ids) {
      throw new BillsyncError('CONFIG_RULE', 'customer_ids is not used with enumeration event_only (it makes no full reads)', {
        path: `${at}.customer_ids`,
        fix: `remove ${at}.customer_ids, or set ${at}.enumeration to customer_ids to read the listed ids`,
      });
    }
    return { kind: 'event_only' };
  }
  return ids ? { kind: 'list', fallback: ids } : { kind: 'list' };
}

function parseIdList(raw: unknown, at: string): CustomerIdList {
  const block = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  const keys = block ? Object.keys(block) : [];
  const fix = `give either { file: /absolute/path } or { command: [program, arg, …] }; either must yield one Hydra customer id (n_subject_id) per line`;
  if (!block || (block.file === undefined) === (block.command === undefined)) {
    throw new BillsyncError('CONFIG_RULE', 'customer_ids must have exactly one of file or command', { path: at, fix });
  }
  const unknown = keys.filter((k) => !['file', 'command', 'timeout_ms'].includes(k));
  if (unknown.length > 0) throw new BillsyncError('CONFIG_RULE', `customer_ids has no option ${unknown.join(', ')}`, { path: `${at}.${unknown[0]}`, fix });
  if (block.file !== undefined) {
    if (block.timeout_ms !== undefined) throw new BillsyncError('CONFIG_RULE', 'timeout_ms applies to a command only', { path: `${at}.timeout_ms`, fix: 'remove it' });
    if (typeof block.file !== 'string' || !isAbsolute(block.file)) {
      throw new BillsyncError('CONFIG_RULE', 'customer_ids.file must be an absolute path', {
        path: `${at}.file`,
        // A relative path would depend on where billsync happens to be started (cron, systemd).
        fix: 'give the absolute path of the id file, e.g. /var/lib/billsync/hydra-ids.txt',
      });
    }
    return { kind: 'file', path: block.file };
  }
  const timeout = block.timeout_ms ?? DEFAULT_COMMAND_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1) {
    throw new BillsyncError('CONFIG_RULE', 'timeout_ms must be a positive integer', { path: `${at}.timeout_ms`, fix: `leave it out (${DEFAULT_COMMAND_TIMEOUT_MS} ms) or give the most milliseconds the command may run` });
  }
  return { kind: 'command', argv: parseArgv(block.command, `${at}.command`), timeoutMs: timeout };
}

function parseArgv(raw: unknown, at: string): string[] {
  const fix = 'give the program and its arguments as a list, e.g. [/usr/local/bin/hydra-ids, --all]; it runs without a shell';
  if (Array.isArray(raw)) {
    if (raw.length === 0 || raw.some((a) => typeof a !== 'string') || raw[0] === '') {
      throw new BillsyncError('CONFIG_RULE', 'command must be a non-empty list of strings', { path: at, fix });
    }
    return raw as string[];
  }
  if (typeof raw !== 'string' || raw.trim() === '') throw new BillsyncError('CONFIG_RULE', 'command must be a string or a list of strings', { path: at, fix });
  if (SHELL_SYNTAX.test(raw)) {
    throw new BillsyncError('CONFIG_RULE', 'command contains shell syntax, but it runs without a shell', {
      path: at,
      fix: `${fix}; put pipes, quotes or variables in a script and name the script here`,
    });
  }
  return raw.trim().split(/\s+/);
}

/** How the ids are named in messages and proofs: `file /x/ids.txt`, `command hydra-ids --all`. */
export function describeIdList(list: CustomerIdList): string {
  return list.kind === 'file' ? `file ${list.path}` : `command ${list.argv.join(' ')}`;
}
