/**
 * Loads the customer ids of a `customer_ids` read: one Hydra customer id (n_subject_id) per line
 * of a file or of a command's stdout. Blank lines and `#` comments are skipped; any other line
 * that is not an id fails the read (naming the line): a list we only half understand must not
 * become the definition of "everyone", because a read from it can remove subscribers.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { SourceReadError } from '../../model/errors.js';
import { describeIdList, type CustomerIdList } from './enumeration.js';

/** 100k ids are ~1 MB; leave ample room, but bound a runaway command. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export interface LoadedIds {
  /** Distinct ids, ascending. */
  readonly ids: readonly number[];
  /** `file /x/ids.txt` or `command hydra-ids --all`, for messages and proofs. */
  readonly from: string;
}

export async function loadCustomerIds(list: CustomerIdList, sourceName: string, signal?: AbortSignal): Promise<LoadedIds> {
  const from = describeIdList(list);
  const key = `sources.${sourceName}.customer_ids`;
  const text = list.kind === 'file' ? await readIdFile(list.path, key) : await runIdCommand(list.argv, list.timeoutMs, key, signal);
  return { ids: parseIds(text, from, key), from };
}

/** The distinct ids in `text`, ascending; throws naming the first bad line. */
export function parseIds(text: string, from: string, key: string): number[] {
  const ids = new Set<number>();
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!/^\d{1,15}$/.test(line)) {
      throw new SourceReadError(`${from}, line ${i + 1}: '${line.slice(0, 60)}' is not a Hydra customer id`, {
        retryable: false,
        fix: `make ${key} yield one customer id (n_subject_id, digits only) per line`,
      });
    }
    ids.add(Number(line));
  }
  return [...ids].sort((a, b) => a - b);
}

async function readIdFile(path: string, key: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new SourceReadError(`cannot read the customer id file ${path}: ${(err as Error).message}`, {
      retryable: false,
      cause: err,
      fix: `create ${path} (one customer id per line) or fix ${key}.file; check it is readable by this user`,
    });
  }
}

function runIdCommand(argv: readonly string[], timeoutMs: number, key: string, signal?: AbortSignal): Promise<string> {
  const [program, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8', signal, windowsHide: true }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'not found' :
        (err as { killed?: boolean }).killed ? `did not finish within ${timeoutMs} ms` :
        `failed (${typeof code === 'number' ? `exit ${code}` : String(code ?? err.message)})${stderr.trim() ? `: ${stderr.trim().slice(0, 300)}` : ''}`;
      reject(
        new SourceReadError(`the customer id command ${argv.join(' ')} ${why}`, {
          retryable: code !== 'ENOENT',
          cause: err,
          fix: `make ${key}.command print one customer id per line and exit 0 (it runs without a shell)`,
        }),
      );
    });
  });
}
