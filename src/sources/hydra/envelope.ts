/**
 * Hoper's JSON envelopes: one object under its singular name (`{"customer":{…}}`), lists under
 * the plural (`{"subscriptions":[…]}`). Anything else is an unexpected answer, never "empty".
 */
import { SourceReadError } from '../../model/errors.js';
import type { HttpResponse } from '../../util/http.js';

/** The parsed body; a body that is not JSON fails the read (a proxy's HTML page, say). */
export function parseJson(res: HttpResponse, where: string): unknown {
  try {
    return JSON.parse(res.body) as unknown;
  } catch (err) {
    throw new SourceReadError(`${where}: answer is not JSON: ${snippet(res.body)}`, { retryable: false, cause: err });
  }
}

/** The object under `key`, or undefined. */
export function objectIn(body: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The list under `key`; a missing or malformed list fails the read instead of reading as empty. */
export function listIn(body: unknown, key: string, where: string): Record<string, unknown>[] {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null)) {
    throw new SourceReadError(`${where}: unexpected answer (no '${key}' list)`, { retryable: false });
  }
  return value as Record<string, unknown>[];
}

/** A short, single-line excerpt of a body for error messages. */
export function snippet(body: string): string {
  const s = body.replace(/\s+/g, ' ').trim();
  return s.length > 200 ? `${s.slice(0, 200)}…` : s || '(empty body)';
}
