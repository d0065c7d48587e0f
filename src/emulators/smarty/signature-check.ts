/**
 * How the emulated server checks a request's `signature`, written from the API notes on its
 * own — never shared with the adapter, so a misreading on one side shows up as error -2 instead
 * of passing silently on both:
 *
 *   every received pair except `signature` (client_id included) → sorted by name, then by value
 *   (an array param is one pair per element) → `name:value;` each → the Billing API key appended
 *   → UTF-8 → standard base64 WITH `=` padding → md5 → lowercase hex.
 *
 * The server sees only the decoded form strings, so it signs exactly those: a client decides
 * how it writes a boolean (`1`/`0` or `True`/`False`) and must sign what it sent. "Ordered by
 * value" is read as the server would order strings (Python's `sorted()` on `str`: by code point),
 * so `10` comes before `2`; the documented array example (`1`, `3`) is the same either way.
 */
import { createHash } from 'node:crypto';

/** A decoded form pair as received. */
export type ReceivedPair = readonly [name: string, value: string];

/** Compares two strings by code point, as Python compares `str`. */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The text the server hashes: sorted `name:value;` pairs, then the key. */
export function signedText(pairs: readonly ReceivedPair[], apiKey: string): string {
  const sorted = pairs.filter(([name]) => name !== 'signature').sort((p, q) => byCodePoint(p[0], q[0]) || byCodePoint(p[1], q[1]));
  let text = '';
  for (const [name, value] of sorted) text += `${name}:${value};`;
  return text + apiKey;
}

/** md5 of the padded base64 of the UTF-8 text, as lowercase hex. */
export function digestOf(text: string): string {
  const base64 = Buffer.from(text, 'utf8').toString('base64');
  return createHash('md5').update(base64, 'ascii').digest('hex');
}

/** The signature the server expects for the received pairs. */
export function expectedSignature(pairs: readonly ReceivedPair[], apiKey: string): string {
  return digestOf(signedText(pairs, apiKey));
}
