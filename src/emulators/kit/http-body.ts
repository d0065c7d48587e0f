/**
 * Reading a request body in the emulators: the whole of it as UTF-8 text, optionally up to a
 * size cap (the target emulators answer 413 past it, as their real servers' fronts do).
 */
import type { IncomingMessage } from 'node:http';

/** The cap the target emulators apply: 1 MiB, far above any request billsync sends. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole body as UTF-8 text. */
export function readBody(req: IncomingMessage): Promise<string>;
/** Reads the whole body as UTF-8 text; undefined as soon as it grows past `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined>;
export async function readBody(req: IncomingMessage, maxBytes = Infinity): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
