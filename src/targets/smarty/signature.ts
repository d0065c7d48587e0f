/**
 * Smarty Billing API request signing, as the client does it (the emulator checks signatures with
 * its own code, written apart from this, so a misreading cannot hide on both sides):
 *
 *   every sent param incl. client_id (not signature) → sorted by name (array params: one pair per
 *   element, ordered by value) → `name:value;` concatenated → + API key → UTF-8 → base64 with
 *   padding → md5 → lowercase hex.
 *
 * The server recomputes the signature from the decoded form values, so what is signed must be
 * exactly the strings put on the wire: `wireValue` is the one place that decides them.
 */
import { createHash } from 'node:crypto';

/** A scalar as the caller has it; booleans go on the wire as `1`/`0` (the docs type flags 0|1). */
export type SmartyScalar = string | number | boolean;

/**
 * Request params. `undefined` is not sent; `null` is sent as an empty string (clears a field on
 * modify); arrays are sent as repeated keys.
 */
export type SmartyParams = Readonly<Record<string, SmartyScalar | readonly SmartyScalar[] | null | undefined>>;

/** One `name=value` pair exactly as it goes on the wire. */
export type WirePair = readonly [name: string, value: string];

/** The wire form of one scalar: booleans as 1/0, numbers in decimal, strings unchanged. */
export function wireValue(v: SmartyScalar): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

/** Flattens params into wire pairs (arrays → repeated keys), in input order. */
export function toWirePairs(params: SmartyParams): WirePair[] {
  const pairs: WirePair[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (value === null) pairs.push([name, '']);
    else if (Array.isArray(value)) for (const v of value as readonly SmartyScalar[]) pairs.push([name, wireValue(v)]);
    else pairs.push([name, wireValue(value as SmartyScalar)]);
  }
  return pairs;
}

/**
 * Orders pairs by name, then by value (the docs: an array param is one pair per element, "ordered
 * by value"). Values compare as text, by code point: the server only ever sees strings, and a
 * Python server's `sorted()` on them puts `10` before `2`. The documented example (`1`, `3`) is
 * the same under either reading; the arrays billsync sends (0..3 device groups) are single digits.
 */
export function comparePairs(a: WirePair, b: WirePair): number {
  return byCodePoint(a[0], b[0]) || byCodePoint(a[1], b[1]);
}

function byCodePoint(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The text that is base64-encoded and hashed: sorted `name:value;` pairs followed by the key. */
export function signatureSource(pairs: readonly WirePair[], apiKey: string): string {
  const sorted = pairs.filter(([name]) => name !== 'signature').sort(comparePairs);
  return sorted.map(([name, value]) => `${name}:${value};`).join('') + apiKey;
}

/** md5(base64(utf8(source))) as lowercase hex, per the Billing API docs (padding kept). */
export function signText(source: string): string {
  const b64 = Buffer.from(source, 'utf8').toString('base64');
  return createHash('md5').update(b64, 'ascii').digest('hex');
}

/** Signature of a request whose params (including client_id) are `pairs`. */
export function smartySignature(pairs: readonly WirePair[], apiKey: string): string {
  return signText(signatureSource(pairs, apiKey));
}

/**
 * Adds client_id and signature to params and returns the pairs to send, in a stable order
 * (sorted, signature last) so recorded requests are easy to read.
 */
export function signParams(params: SmartyParams, clientId: number | string, apiKey: string): WirePair[] {
  const pairs = toWirePairs({ ...params, client_id: String(clientId) })
    .filter(([name]) => name !== 'signature')
    .sort(comparePairs);
  return [...pairs, ['signature', smartySignature(pairs, apiKey)]];
}
