/**
 * Running billsync in the chaos tests: as a child process through bin/billsync.js (what is
 * killed, interrupted or holds the lock — a real process with its own pid), or in this process
 * through the CLI's own `main()` with captured streams (the resuming and checking runs: the same
 * command code and exit codes, without paying a process start-up each time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Writable } from 'node:stream';
import { main } from '../../../src/cli/main.js';
import { BIN } from '../../support/cli-bin.js';
import { waitFor } from '../../e2e/daemon-support/setup.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    done();
  }
}

/** `billsync ARGS` in this process (no terminal: nobody to confirm, plain output). */
export async function cli(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(args, { stdout, stderr, env, cwd });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export interface ChildRun {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Exit code, or the signal's name when killed by one. */
  readonly exited: Promise<number | string>;
  stdout(): string;
  stderr(): string;
}

/** Children still running: killed when this test process exits, so a failed test leaves no daemon behind. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** SIGKILLs every child still running (afterAll of a file whose test may have failed midway). */
export function killLeftovers(): void {
  for (const c of live) c.kill('SIGKILL');
}

/**
 * `billsync ARGS` as a child process (stdin closed: no terminal): bin/billsync.js on the compiled
 * dist/ that test/global-setup.ts builds — for a test file that imports test/support/cli-bin.js.
 */
export async function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<ChildRun> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  live.add(child);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? -1);
    }),
  );
  if (child.pid === undefined) throw new Error('billsync child did not start');
  return { child, pid: child.pid, exited, stdout: () => out, stderr: () => err };
}

/** Runs of the store as `billsync status --json` reports them. */
export interface StatusRun {
  readonly id: string;
  readonly status: string;
  readonly owner: string | null;
  readonly counts: Readonly<Record<string, number>>;
}

export async function statusRuns(env: NodeJS.ProcessEnv, cwd: string, config: string): Promise<StatusRun[]> {
  const r = await cli(['status', '--json', '--runs', '50', '-c', config], env, cwd);
  if (r.code !== 0) throw new Error(`billsync status failed (${r.code}): ${r.stderr}${r.stdout}`);
  return (JSON.parse(r.stdout) as { runs: StatusRun[] }).runs;
}

export interface DaemonRun extends ChildRun {
  /** The daemon's base URL, from its 'daemon started' log line. */
  url(): Promise<string>;
  /** GET /healthz. */
  health(): Promise<{ targets: Record<string, { leader: boolean; lastSuccessAt: string | null; lastStatus: string | null }> }>;
}

/** `billsync run` as a child process on a free port, logging at info so its start line shows. */
export async function spawnDaemon(config: string, env: NodeJS.ProcessEnv, cwd: string): Promise<DaemonRun> {
  const run = await spawnCli(['run', '-c', config, '--listen', '127.0.0.1:0'], { ...env, BILLSYNC_LOG_LEVEL: 'info' }, cwd);
  let base: string | undefined;
  const url = async (): Promise<string> => {
    base ??= await waitFor('the daemon to start', () => {
      for (const line of run.stderr().split('\n')) {
        try {
          const l = JSON.parse(line) as { msg?: string; url?: string };
          if (l.msg === 'daemon started' && l.url) return l.url;
        } catch {
          // not a log line
        }
      }
      if (run.child.exitCode !== null) throw new Error(`the daemon exited (${run.child.exitCode}):\n${run.stderr()}`);
      return undefined;
    }, 60_000);
    return base;
  };
  const health = async () => (await (await fetch(`${await url()}/healthz`)).json()) as Awaited<ReturnType<DaemonRun['health']>>;
  return { ...run, url, health };
}
