/**
 * Where the CLI's logs go: stderr, every resolved secret blanked by value (redacting-stream),
 * as pino JSON lines — or, when stderr is a terminal, as readable lines through pino-pretty,
 * coloured unless `--no-color` or NO_COLOR says otherwise. systemd, Docker and CI see JSON.
 */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../util/logger.js';
import { redactingStream } from '../daemon/redacting-stream.js';
import type { CommandIo } from './command.js';

export interface CliLoggerOptions {
  readonly level: string;
  readonly secrets: readonly string[];
  /** Colours in pretty output (see color.ts); ignored for JSON. */
  readonly color: boolean;
}

export async function createCliLogger(io: Pick<CommandIo, 'stderr' | 'env'>, opts: CliLoggerOptions): Promise<Logger> {
  const out = io.stderr.isTTY === true ? await prettyStream(io.stderr, opts.color) : io.stderr;
  // Secrets are blanked in the JSON line, before pretty-printing can reshape or escape them.
  return createLogger({ level: opts.level, destination: redactingStream(out, opts.secrets) });
}

/**
 * pino-pretty's synchronous formatter behind a plain Writable: every line is printed before
 * the process exits (its transport stream would format asynchronously). Loaded only here, so
 * commands run without a terminal never load it.
 */
async function prettyStream(out: NodeJS.WritableStream, colorize: boolean): Promise<Writable> {
  const { prettyFactory } = (await import('pino-pretty')).default;
  const pretty = prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  let partial = '';
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line !== '') out.write(pretty(line) ?? `${line}\n`);
      done();
    },
  });
}
