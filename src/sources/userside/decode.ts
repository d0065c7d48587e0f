/**
 * Tolerant readers for UserSide's JSON, whose types drift across versions (shared/api/userside.md
 * §1, §10): ids and money as numbers or strings, collections as id-keyed objects or arrays (and
 * `[]` where an empty object was meant), IPs as inet_aton integers, MACs without separators.
 * Each reader returns null (or an empty list) for what it cannot read; callers decide whether
 * that is an error.
 */

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The entries of a collection with the key each had: an array gives `[undefined, item]`, an
 * id-keyed object `[key, item]`. Empty/absent values (null, '', false, 0) are no entries;
 * anything else (a bare string or number) is not a collection: null.
 */
export function entriesOf(v: unknown): [string | undefined, unknown][] | null {
  if (Array.isArray(v)) return v.map((item) => [undefined, item]);
  if (isObject(v)) return Object.entries(v);
  if (v === undefined || v === null || v === '' || v === false || v === 0) return [];
  return null;
}

/** The items of a collection (see entriesOf); [] when it is not one. */
export function itemsOf(v: unknown): unknown[] {
  return (entriesOf(v) ?? []).map(([, item]) => item);
}

/** An integer from a number or a digit string; null otherwise. */
export function intOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null;
  if (typeof v === 'string' && /^\s*-?\d{1,15}\s*$/.test(v)) return Number(v);
  return null;
}

/** A number from a number or a numeric string (`'12.5'`, `'-3'`, `'12,5'`); null otherwise. */
export function numOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

/** Text of a scalar, trimmed; '' for anything else. */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/** A 0/1 flag (also `'1'`, `true`); false for anything else. */
export function flagOf(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === 'string' && v.trim() === '1');
}

/** The value under `key` regardless of its case (`Result` / `result`, `Data` / `data`). */
export function field(obj: Json, key: string): unknown {
  if (key in obj) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

const TWO_32 = 4_294_967_296;
const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * An IPv4 address as a dotted quad from an inet_aton integer (number or digit string), a
 * negative one (ip2long on a 32-bit PHP is signed) or a dotted quad; null otherwise.
 */
export function ipOf(v: unknown): string | null {
  let n: number | null = null;
  if (typeof v === 'number') n = Number.isInteger(v) ? v : null;
  else if (typeof v === 'string') {
    const t = v.trim();
    const quad = DOTTED.exec(t);
    if (quad) {
      const octets = quad.slice(1).map(Number);
      return octets.every((o) => o <= 255) ? octets.join('.') : null;
    }
    if (/^-?\d{1,10}$/.test(t)) n = Number(t);
  }
  if (n === null) return null;
  if (n < 0 && n >= -(TWO_32 / 2)) n += TWO_32;
  if (n < 0 || n >= TWO_32) return null;
  return [Math.floor(n / 16_777_216) % 256, Math.floor(n / 65_536) % 256, Math.floor(n / 256) % 256, n % 256].join('.');
}

/** A MAC as `aa:bb:cc:dd:ee:ff` from any separator style (or none); null when not 12 hex digits. */
export function macOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const hex = v.trim().replace(/[\s:.-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return null;
  return (hex.match(/../g) as string[]).join(':');
}
