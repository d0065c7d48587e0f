/**
 * Decoded form parameters of one emulated request, with the parsing rules a Django form would
 * apply (integers, 0|1 flags, dates) kept in one place.
 */

/** The decoded `name → values` of a form body or query string (repeated keys keep all values). */
export class FormParams {
  private readonly values: ReadonlyMap<string, readonly string[]>;

  constructor(values: ReadonlyMap<string, readonly string[]>) {
    this.values = values;
  }

  /** Parses `application/x-www-form-urlencoded` text (`+` = space, UTF-8 percent-encoding). */
  static parse(text: string): FormParams {
    const map = new Map<string, string[]>();
    for (const [k, v] of new URLSearchParams(text)) {
      const list = map.get(k);
      if (list) list.push(v);
      else map.set(k, [v]);
    }
    return new FormParams(map);
  }

  /** The first value, or undefined when the field was not sent. */
  get(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  /** All values of a repeated field (an array param). */
  getAll(name: string): readonly string[] {
    return this.values.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** A non-empty value, or undefined. */
  nonEmpty(name: string): string | undefined {
    const v = this.get(name);
    return v === undefined || v.trim() === '' ? undefined : v;
  }

  /** Every pair, flattened (signature check, request log). */
  pairs(): [string, string][] {
    const out: [string, string][] = [];
    for (const [k, vs] of this.values) for (const v of vs) out.push([k, v]);
    return out;
  }

  /** A plain object for the request log. */
  toRecord(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [k, vs] of this.values) out[k] = vs.length === 1 ? vs[0]! : [...vs];
    return out;
  }
}

/** A base-10 integer (optionally signed), or undefined when the text is not one. */
export function parseIntStrict(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*[-+]?\d{1,15}\s*$/.test(text)) return undefined;
  return Number(text.trim());
}

/**
 * A flag as Django's BooleanField reads form input: 1/true/on → true, 0/false/off/empty → false.
 * Python clients send `True`/`False`, so those are accepted too. Anything else is invalid.
 */
export function parseFlag(text: string): boolean | undefined {
  const v = text.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(v)) return true;
  if (['0', 'false', 'off', 'no', ''].includes(v)) return false;
  return undefined;
}

/** A `yyyy-mm-dd` date; empty text clears it (null). */
export function parseDate(text: string): string | null | undefined {
  if (text.trim() === '') return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? text.trim() : undefined;
}
