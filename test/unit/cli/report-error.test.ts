/**
 * The top-level handler's two voices: what the user fixes prints as `error:` with the fix; a bug
 * prints "please report" with the stack (and its causes), whatever class carries it.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { reportError } from '../../../src/cli/report-error.js';
import { BillsyncError, DaemonUnreachableError, InternalError } from '../../../src/model/errors.js';

function sink(): Writable & { text(): string } {
  let text = '';
  const w = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return Object.assign(w, { text: () => text });
}

function report(err: unknown, json = false) {
  const stdout = sink();
  const stderr = sink();
  const code = reportError(err, { stdout, stderr }, json);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const BUG = /^internal error — this is a bug in billsync, please report it with the output below:\n/;

describe('reportError', () => {
  it('prints an InternalError as a bug, with its stack and its cause', () => {
    const r = report(new InternalError('no queue for target tv', { cause: new TypeError('q is undefined') }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(BUG);
    expect(r.stderr).toContain('InternalError: no queue for target tv\n    at ');
    expect(r.stderr).toContain('caused by: TypeError: q is undefined\n    at ');
  });

  it('prints any other unknown error as a bug too', () => {
    expect(report(new TypeError('x is undefined')).stderr).toMatch(BUG);
    expect(report('a string thrown').stderr).toMatch(BUG);
  });

  it('prints a BillsyncError coded INTERNAL as a bug, not as the user’s error', () => {
    const r = report(new BillsyncError('INTERNAL', 'schemas/sync.schema.json is not a JSON object'));
    expect(r.stderr).toMatch(BUG);
    expect(r.stderr).not.toMatch(/^error: /);
  });

  it('prints a BillsyncError as the user’s error with its fix, without "please report" or a stack', () => {
    const r = report(new BillsyncError('USAGE', 'sync needs --source and --id', { fix: 'e.g. billsync sync --source hydra --id 123' }));
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: sync needs --source and --id\n  fix: e.g. billsync sync --source hydra --id 123\n' });
  });

  it('prints an unreachable daemon as the user’s error: start it or check the URL', () => {
    const r = report(new DaemonUnreachableError('http://127.0.0.1:8787', 'ECONNREFUSED'));
    expect(r.stderr).toBe('error: no daemon answers at http://127.0.0.1:8787 (ECONNREFUSED)\n  fix: start the daemon (billsync run) or check the URL (--daemon, daemon.listen in sync.yaml)\n');
  });

  it('answers --json callers on stdout with the code, for bugs and user errors alike', () => {
    const user = report(new DaemonUnreachableError('http://d', 'timeout'), true);
    expect(JSON.parse(user.stdout)).toMatchObject({ ok: false, errors: [{ code: 'DAEMON_UNREACHABLE', message: 'no daemon answers at http://d (timeout)' }] });
    const bug = report(new InternalError('boom'), true);
    expect(JSON.parse(bug.stdout)).toEqual({ ok: false, errors: [{ code: 'INTERNAL', message: 'InternalError: boom' }] });
    expect(bug.stderr).toMatch(BUG);
  });
});
