/**
 * How the top-level handler prints an error, and the exit code it gives. Two kinds only:
 * a BillsyncError is the user's to fix — printed as `error: …` with its position and fix; anything
 * else (an InternalError, a TypeError, a BillsyncError coded INTERNAL) is a bug in billsync —
 * printed with "please report" and the stack, causes included, so the report can be acted on.
 */
import { BillsyncError } from '../model/errors.js';
import type { CommandIo } from './command.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** Prints `err` on `io` (as JSON on stdout too when `json`) and returns the exit code. */
export function reportError(err: unknown, io: Pick<CommandIo, 'stdout' | 'stderr'>, json: boolean): ExitCode {
  if (err instanceof BillsyncError && err.code !== 'INTERNAL') {
    if (json) {
      const errors = 'errors' in err && Array.isArray(err.errors) ? (err.errors as BillsyncError[]) : [err];
      io.stdout.write(JSON.stringify({ ok: false, errors: errors.map(toJson) }, null, 2) + '\n');
    } else {
      io.stderr.write(`error: ${err.format()}\n`);
    }
    return EXIT.error;
  }
  if (json) io.stdout.write(JSON.stringify({ ok: false, errors: [{ code: 'INTERNAL', message: String(err) }] }) + '\n');
  io.stderr.write(`internal error — this is a bug in billsync, please report it with the output below:\n${withCauses(err)}\n`);
  return EXIT.error;
}

/** The error's stack, then each cause's, as Node prints a chain (a few levels, never a loop). */
function withCauses(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 5; depth++) {
    parts.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join('\ncaused by: ');
}

function toJson(e: BillsyncError) {
  return { code: e.code, message: e.message, position: e.position, path: e.path, fix: e.fix };
}
