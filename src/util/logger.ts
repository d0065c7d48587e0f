/**
 * Logging: pino JSON on stderr (pretty on a TTY is left to `pino-pretty` piping), with secrets
 * redacted by key name and by value.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** Keys whose values never appear in logs, wherever they are nested. */
export const REDACTED_KEYS = [
  'password',
  'api_key',
  'apiKey',
  'token',
  'secret',
  'authorization',
  'Authorization',
  'signature',
];

export function createLogger(opts: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return pino(
    {
      level: opts.level ?? process.env.BILLSYNC_LOG_LEVEL ?? 'info',
      redact: { paths, censor: '[redacted]' },
      base: undefined,
    },
    (opts.destination ?? process.stderr) as pino.DestinationStream,
  );
}

/** A logger that drops everything (tests, pure helpers that want a logger argument). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
