/**
 * A log destination that blanks secret values wherever they appear in a line — pino's `redact`
 * catches secrets by key name; this catches them by value (a token echoed inside an error
 * message or URL). Writes synchronously through to the underlying stream.
 */
import { Writable } from 'node:stream';

/** Values shorter than this are not redacted: blanking "1" everywhere would garble the logs. */
const MIN_SECRET_LENGTH = 4;

export function redactingStream(out: NodeJS.WritableStream, secrets: readonly string[]): Writable {
  const values = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  // Secrets also appear JSON-escaped inside log lines.
  const forms = [...new Set(values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))];
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      let line = chunk.toString();
      for (const f of forms) if (line.includes(f)) line = line.split(f).join('[redacted]');
      out.write(line);
      done();
    },
  });
}
