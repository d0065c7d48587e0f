/**
 * How PostgreSQL (through psycopg2, which inlines Python values as SQL literals) takes a JSON
 * value into a column of the AX schema, and what comes back out. A value the column refuses
 * throws {@link ColumnError}; the routes that catch it answer 422 `Ошибка запроса`.
 *
 * Column types and lengths follow the newest published `smartyard_db.py` model that carries the
 * panel fields (varchar(64) url/stream/title/open, varchar(110) address, varchar(14) icon, integer
 * dtmf, boolean NOT NULL is_active). HEAD may have widened some; the emulator keeps the narrow
 * ones, so a client that would overflow an older server is caught here.
 */
import { isIP } from 'node:net';

/** A value the database refused (cast error, overflow, NOT NULL, unique or foreign key). */
export class ColumnError extends Error {}

const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;

/** Half away from zero, as numeric → integer casts round. */
const roundAway = (n: number): number => Math.sign(n) * Math.round(Math.abs(n));

/**
 * An `integer` column. JSON numbers go in as numeric literals (a fraction is rounded); strings as
 * untyped literals parsed by int4 input (digits only); booleans are refused — psycopg2 sends
 * Python `True` as `true`, and boolean → integer has no assignment cast.
 */
export function pgInt(v: unknown, column: string): number | null {
  if (v === null) return null;
  let n: number;
  if (typeof v === 'number' && Number.isFinite(v)) n = roundAway(v);
  else if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) n = Number(v.trim());
  else throw new ColumnError(`${column}: invalid input for type integer`);
  if (n < INT4_MIN || n > INT4_MAX) throw new ColumnError(`${column}: integer out of range`);
  return n === 0 ? 0 : n;
}

/** A `varchar(max)` / `text` column: numbers and booleans are cast to their text, objects refused. */
export function pgText(v: unknown, column: string, max?: number): string | null {
  if (v === null) return null;
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' && Number.isFinite(v)) s = String(v);
  else if (typeof v === 'boolean') s = v ? 'true' : 'false';
  else throw new ColumnError(`${column}: can't adapt type`);
  if (max !== undefined && [...s].length > max) throw new ColumnError(`${column}: value too long for type character varying(${max})`);
  return s;
}

const TRUE_WORDS = ['true', 'yes', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'off', '0'];

/**
 * A `boolean` column: JSON booleans, or the strings PostgreSQL's boolean input reads (`t`, `yes`,
 * `on`, `1`, unique prefixes…). A JSON number is refused (integer → boolean is no assignment cast).
 */
export function pgBool(v: unknown, column: string): boolean | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const w = v.trim().toLowerCase();
    const hit = (words: string[]) => w !== '' && words.some((x) => x.startsWith(w));
    // 'o' alone is ambiguous between on and off.
    if (w !== 'o' && hit(TRUE_WORDS) && !hit(FALSE_WORDS)) return true;
    if (w !== 'o' && hit(FALSE_WORDS) && !hit(TRUE_WORDS)) return false;
  }
  throw new ColumnError(`${column}: invalid input syntax for type boolean`);
}

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/**
 * A `numeric(12,9)` column, read back the way Flask serialises a Python `Decimal`: `str(d)`, a
 * JSON string with nine decimals (`"45.123456780"`), and scientific notation for values under
 * 1e-6 in magnitude (`0` comes back as `"0E-9"`).
 */
export function pgNumeric12x9(v: unknown, column: string): string | null {
  if (v === null) return null;
  let n: number;
  if (typeof v === 'number' && Number.isFinite(v)) n = v;
  else if (typeof v === 'string' && NUMERIC.test(v)) n = Number(v.trim());
  else throw new ColumnError(`${column}: invalid input syntax for type numeric`);
  const fixed = Math.abs(n).toFixed(9);
  // precision 12, scale 9: at most three digits before the point.
  if (Number(fixed) >= 1000) throw new ColumnError(`${column}: numeric field overflow`);
  return pythonDecimalStr(n < 0 ? '-' : '', fixed);
}

/** `str(Decimal)` of a value with exponent -9; `fixed` is its magnitude with nine decimals. */
function pythonDecimalStr(sign: string, fixed: string): string {
  const coefficient = fixed.replace('.', '').replace(/^0+/, '') || '0';
  const adjusted = coefficient.length - 1 - 9;
  if (coefficient === '0') return '0E-9';
  if (adjusted >= -6) return `${sign}${fixed}`;
  const mantissa = coefficient.length > 1 ? `${coefficient[0]}.${coefficient.slice(1)}` : coefficient;
  return `${sign}${mantissa}E${adjusted}`;
}

/**
 * An `inet` column: an IPv4/IPv6 address with an optional prefix, read back without `/32`
 * (`/128`) as PostgreSQL prints host addresses. Anything else, `''` included, is refused.
 */
export function pgInet(v: unknown, column: string): string | null {
  if (v === null) return null;
  if (typeof v !== 'string') throw new ColumnError(`${column}: column is of type inet`);
  const [addr = '', prefix, extra] = v.trim().split('/');
  const family = isIP(addr);
  const max = family === 4 ? 32 : 128;
  if (family === 0 || extra !== undefined) throw new ColumnError(`${column}: invalid input syntax for type inet`);
  if (prefix === undefined) return addr;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) throw new ColumnError(`${column}: invalid input syntax for type inet`);
  return Number(prefix) === max ? addr : `${addr}/${Number(prefix)}`;
}

/** NOT NULL columns. */
export function notNull<T>(v: T | null, column: string): T {
  if (v === null) throw new ColumnError(`${column}: null value violates not-null constraint`);
  return v;
}
