/**
 * The fixed set of pipe functions templates may use. Nothing else can be called: there is no
 * way to reach JS from a mapping file.
 *
 * | function             | does                                                                     |
 * |----------------------|--------------------------------------------------------------------------|
 * | `upper`, `lower`     | letter case                                                              |
 * | `trim`               | strips surrounding whitespace                                            |
 * | `digits`             | keeps the characters 0-9 only                                            |
 * | `default(x)`         | `x` when the value is empty ('' / null / missing / empty list)            |
 * | `first`, `last`      | first / last element of a list (a plain value passes through)            |
 * | `join(sep)`          | a list's non-empty elements joined with `sep`                            |
 * | `split(sep)`         | text split on `sep` (literal) into a list                                |
 * | `replace(from, to)`  | every occurrence of the literal text `from` replaced by `to`            |
 * | `prefix(s)`          | `s` + value, only when the value is not empty                            |
 * | `suffix(s)`          | value + `s`, only when the value is not empty                            |
 * | `slice(start[, end])`| part of a text or list, as JS `slice` (negative counts from the end)    |
 * | `truncate(n)`        | text cut to at most `n` characters                                       |
 * | `length`             | length of a text or list (0 for nothing)                                 |
 * | `phone`              | digits; Russian `8XXXXXXXXXX` and `9XXXXXXXXX` become `7XXXXXXXXXX`;     |
 * |                      | an extension (`доб. 12`, `ext. 12`, `x12`) is dropped; text that is not a |
 * |                      | phone number (letters, markup, over 15 digits) gives nothing             |
 * | `lower_email`        | trimmed and lower-cased                                                  |
 * | `words(n)`           | the n-th (0-based) whitespace-separated word                             |
 *
 * Text functions applied to a list work on each element (`contacts.phones | phone | join(',')`).
 * Nothing (null/missing) passes through text functions as nothing.
 */
import { MappingValueError, describeValue } from './errors.js';
import type { Literal } from './expr-parse.js';

/** A pipe step with its arguments bound. */
export type PipeFn = (value: unknown) => unknown;

type ParamType = 'text' | 'integer' | 'any';

export interface FunctionDef {
  /** Parameter types; the last `optional` ones may be left out. */
  readonly params: readonly ParamType[];
  readonly optional?: number;
  /** Binds checked arguments. May throw an Error whose message is the compile problem. */
  readonly make: (args: readonly Literal[]) => PipeFn;
}

/** A value as text for text functions: nothing stays nothing, lists and objects are refused. */
function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new MappingValueError(`expected text but got ${describeValue(v)}`);
}

/** Lifts a text→value function over lists, passing nothing through. */
function onText(fn: (s: string) => unknown): PipeFn {
  const one = (v: unknown): unknown => {
    const s = text(v);
    return s === null ? null : fn(s);
  };
  return (v) => (Array.isArray(v) ? v.map(one) : one(v));
}

const isEmpty = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * An extension marker and all after it: `доб. 123`, `доп 12`, `вн. 5`, `ext. 7`, `x 7`, `#7`.
 * The extension is dropped, not glued on: `+7 (999) 000-00-00 доб. 123` is the line
 * 79990000000 (reachable, and what SMS and apps need), whereas 79990000000123 is no number at
 * all. Skipping the subscriber instead would hold back their whole service over a contact detail.
 */
const EXTENSION = /(?:\s|^|[,;.)])(?:доб(?:авочный)?|доп|вн(?:утр(?:енний)?)?|ext(?:ension)?|x)\.?\s*\d.*$|#\s*\d.*$/iu;
/** What a written phone number is made of once the extension is gone. */
const PHONE_TEXT = /^[\d\s+\-()./]*$/;
/** E.164: a full international number has at most 15 digits. */
const MAX_PHONE_DIGITS = 15;

function phone(s: string): string | null {
  // A separator before the extension (`…-89, доб. 7`) goes with it.
  const line = s.replace(EXTENSION, '').replace(/[\s,;]+$/, '');
  // Letters or markup left over mean this is not a phone number (`<script>alert(1)</script>`
  // must not become the phone `1`): nothing is better than a wrong number.
  if (!PHONE_TEXT.test(line)) return null;
  const d = line.replace(/\D+/g, '');
  if (d === '' || d.length > MAX_PHONE_DIGITS) return null;
  if (d.length === 11 && d.charAt(0) === '8') return `7${d.slice(1)}`;
  if (d.length === 10 && d.charAt(0) === '9') return `7${d}`;
  return d;
}

const str = (a: Literal | undefined): string => String(a);
const int = (a: Literal | undefined): number => Number(a);

/** The function table. Argument types are checked at compile time, so `make` can trust them. */
export const FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  upper: { params: [], make: () => onText((s) => s.toUpperCase()) },
  lower: { params: [], make: () => onText((s) => s.toLowerCase()) },
  trim: { params: [], make: () => onText((s) => s.trim()) },
  digits: { params: [], make: () => onText((s) => s.replace(/\D+/g, '')) },
  default: {
    params: ['any'],
    make: ([x]) => {
      const fallback = x ?? null;
      return (v) => (isEmpty(v) ? fallback : v);
    },
  },
  first: { params: [], make: () => (v) => (Array.isArray(v) ? v[0] : v) },
  last: { params: [], make: () => (v) => (Array.isArray(v) ? v[v.length - 1] : v) },
  join: {
    params: ['text'],
    make: ([sep]) => {
      const s = str(sep);
      return (v) => {
        if (!Array.isArray(v)) return v;
        const parts: string[] = [];
        for (const el of v) {
          const t = text(el);
          if (t !== null && t !== '') parts.push(t);
        }
        return parts.join(s);
      };
    },
  },
  split: {
    params: ['text'],
    make: ([sep]) => {
      const s = str(sep);
      const one = (v: unknown): string[] => {
        const t = text(v);
        return t === null ? [] : t.split(s);
      };
      return (v) => (Array.isArray(v) ? v.flatMap(one) : text(v) === null ? null : one(v));
    },
  },
  replace: {
    params: ['text', 'text'],
    make: ([from, to]) => {
      const f = str(from);
      const t = str(to);
      if (f === '') throw new Error("replace: the text to replace must not be empty");
      return onText((s) => s.split(f).join(t));
    },
  },
  prefix: { params: ['text'], make: ([p]) => onText((s) => (s === '' ? s : str(p) + s)) },
  suffix: { params: ['text'], make: ([p]) => onText((s) => (s === '' ? s : s + str(p))) },
  slice: {
    params: ['integer', 'integer'],
    optional: 1,
    make: ([a, b]) => {
      const start = int(a);
      const end = b === undefined ? undefined : int(b);
      return (v) => {
        if (Array.isArray(v)) return v.slice(start, end);
        const t = text(v);
        return t === null ? null : t.slice(start, end);
      };
    },
  },
  truncate: {
    params: ['integer'],
    make: ([n]) => {
      const max = int(n);
      if (max < 0) throw new Error('truncate: the length must not be negative');
      // Array.from counts code points, so a cut never splits a surrogate pair.
      return onText((s) => (s.length <= max ? s : Array.from(s).slice(0, max).join('')));
    },
  },
  length: {
    params: [],
    make: () => (v) => {
      if (Array.isArray(v)) return v.length;
      const t = text(v);
      return t === null ? 0 : t.length;
    },
  },
  phone: { params: [], make: () => onText(phone) },
  lower_email: { params: [], make: () => onText((s) => s.trim().toLowerCase()) },
  words: {
    params: ['integer'],
    make: ([n]) => {
      const i = int(n);
      if (i < 0) throw new Error('words: the word number must not be negative');
      return onText((s) => {
        const w = s.trim().split(/\s+/);
        return w[0] === '' ? undefined : w[i];
      });
    },
  },
};

/** Checks arity and argument types; returns a problem message or undefined. */
export function checkArgs(name: string, def: FunctionDef, args: readonly Literal[]): string | undefined {
  const max = def.params.length;
  const min = max - (def.optional ?? 0);
  if (args.length < min || args.length > max) {
    const want = min === max ? `${max}` : `${min} to ${max}`;
    return `'${name}' takes ${want} argument${max === 1 && min === max ? '' : 's'}, got ${args.length}`;
  }
  for (let i = 0; i < args.length; i++) {
    const type = def.params[i];
    const a = args[i];
    if (type === 'text' && typeof a !== 'string') {
      return `argument ${i + 1} of '${name}' must be quoted text, got ${JSON.stringify(a)}`;
    }
    if (type === 'integer' && !(typeof a === 'number' && Number.isInteger(a))) {
      return `argument ${i + 1} of '${name}' must be a whole number, got ${JSON.stringify(a)}`;
    }
  }
  return undefined;
}
