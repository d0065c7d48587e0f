/**
 * `billsync run` / `billsync sync` in child processes through bin/billsync.js (compiled dist/,
 * built by the global set-up), as an operator runs them: JSON log lines from stderr, signals,
 * exit codes. The bin imports the CLI in-process, so a signal sent to the child reaches the
 * daemon itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { waitFor } from './setup.js';
import { BIN, runCli, type CliRun } from '../../support/cli-bin.js';

export type { CliRun } from '../../support/cli-bin.js';

export interface LogLine {
  readonly msg?: string;
  readonly [k: string]: unknown;
}

export interface DaemonProcess {
  readonly child: ChildProcess;
  readonly lines: LogLine[];
  /** Raw stderr, for failure messages. */
  stderr(): string;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
  /** Waits for a log line matching `pred`. */
  line(pred: (l: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** Base URL from the 'daemon started' line. */
  url(): Promise<string>;
}

export function spawnDaemon(configFile: string, env: NodeJS.ProcessEnv, extra: readonly string[] = ['--listen', '127.0.0.1:0']): DaemonProcess {
  const child = spawn(process.execPath, [BIN, 'run', '-c', configFile, ...extra], {
    env: { PATH: process.env.PATH, BILLSYNC_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: LogLine[] = [];
  let raw = '';
  let partial = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    raw += chunk;
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const p of parts) {
      try {
        lines.push(JSON.parse(p) as LogLine);
      } catch {
        lines.push({ msg: p });
      }
    }
  });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const line = (pred: (l: LogLine) => boolean, what: string, timeoutMs = 20_000): Promise<LogLine> =>
    waitFor(what, () => {
      if (child.exitCode !== null) throw new Error(`daemon exited (${child.exitCode}) before ${what}:\n${raw}`);
      return lines.find(pred);
    }, timeoutMs, 25).catch((err: Error) => {
      throw new Error(`${err.message}\nstderr so far:\n${raw.slice(-4000)}`);
    });
  return {
    child,
    lines,
    stderr: () => raw,
    exited,
    line,
    url: async () => String((await line((l) => l.msg === 'daemon started', 'daemon started')).url),
  };
}

export function billsync(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return runCli(args, { env });
}

/** A loopback port that was free a moment ago (for a config that must name a fixed port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
