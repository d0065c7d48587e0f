/**
 * The `billsync` binary the end-to-end tests spawn: bin/billsync.js, which imports the compiled
 * dist/ in-process, exactly as an installed package runs. test/global-setup.ts builds dist/ once
 * per test run when a test file to run needs it — one that imports this module (or the daemon
 * helpers, which do) — so no test spawns TypeScript through tsx, nor stale compiled code.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/billsync.js', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  /** The child's whole environment, besides PATH (nothing of the test process leaks in). */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Kills the child after this long (default 60 s); the test's own timeout must be longer. */
  readonly timeoutMs?: number;
  readonly maxBuffer?: number;
}

/** Runs `billsync ARGS` to completion; the exit code, stdout and stderr. */
export function runCli(args: readonly string[], opts: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH, ...opts.env }, cwd: opts.cwd, timeout: opts.timeoutMs ?? 60_000, maxBuffer: opts.maxBuffer ?? 1 << 26 },
      (err, stdout, stderr) => {
        const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
