/**
 * Writing bridge answers: JSON with the age of the data it came from, in headers on every answer
 * (`X-Billsync-Read-At`, `X-Billsync-Data-Age`) since some contracts fix the body's shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ageSeconds } from './source-snapshot.js';

export interface Freshness {
  /** When the data behind the answer was read from the source. */
  readonly readAt: Date;
  readonly now: Date;
}

export function freshnessHeaders(f: Freshness): Record<string, string> {
  return { 'x-billsync-read-at': f.readAt.toISOString(), 'x-billsync-data-age': String(ageSeconds(f.readAt, f.now)) };
}

/** Sends `body` (an object, or JSON text already serialised) with the freshness headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, f?: Freshness, extra: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(f ? freshnessHeaders(f) : {}),
    ...extra,
  });
  res.end(text);
}

const MAX_BODY = 16 * 1024;

/**
 * Parameters of a question: the query string, and a JSON or form body when there is one
 * (stock clients differ: usm_billing sends GET, smartyard_bill.py POSTs JSON). Body wins.
 */
export async function readParams(req: IncomingMessage, url: URL): Promise<{ ok: true; params: Map<string, string> } | { ok: false; error: string }> {
  const params = new Map<string, string>();
  for (const [k, v] of url.searchParams) params.set(k, v);
  if (req.method !== 'POST') return { ok: true, params };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return { ok: false, error: `body larger than ${MAX_BODY} bytes` };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return { ok: true, params };
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(text)) params.set(k, v);
    return { ok: true, params };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'body is not valid JSON (send a JSON object, a form, or query parameters)' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'body must be a JSON object' };
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') params.set(k, v);
    else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') params.set(k, String(v));
    else if (Array.isArray(v)) params.set(k, v.map(String).join(','));
  }
  return { ok: true, params };
}

/** `refresh=1|true|yes`: the caller wants a point read before the answer. */
export function wantsRefresh(params: ReadonlyMap<string, string>): boolean {
  const v = params.get('refresh')?.toLowerCase();
  return v === '1' || v === 'true' || v === 'yes';
}

/** Waits until `res` can take more; false when the client went away instead. */
export function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onClose = (): void => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
