/**
 * Whether a mapped value is one the target can take: text within the attribute's length, free
 * of control characters and of U+FFFD (the mark a decoder leaves where the source sent bytes
 * that were not UTF-8); whole numbers within range. A value that fails skips the subscriber
 * with the reason — never sent (a 1 MB name is refused with 413 on every run), never written
 * as replacement characters, never half-created (a key the target cannot store would delete
 * the old object and then fail the create, again and again).
 *
 * Checks are built once per attribute at compile time; each returns the problem as text, or
 * undefined when the value is fine, and allocates nothing on the good path.
 */
import type { AttrValue } from '../model/entity.js';
import type { AttrSpec, KindSpec, ValueLimits } from '../model/kind.js';

/** Problem with a value, or undefined. */
export type ValueCheck = (v: AttrValue) => string | undefined;

/**
 * Length bound of text attributes and keys whose kind declares none. Generous for any name or
 * address, and it keeps a runaway source field from ever going out whole.
 */
export const DEFAULT_MAX_LENGTH = 4096;

// C0 and C1 control characters (TAB, LF and CR stay allowed in attribute text: a comment or
// an address may have line breaks), U+FFFD, and lone surrogates (text that was never valid).
const BAD_IN_ATTR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]|\p{Cs}/u;
const BAD_IN_KEY = /[\u0000-\u001F\u007F-\u009F\uFFFD]|\p{Cs}/u;

const hex = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** Counts code points only when the UTF-16 length could exceed the bound. */
function codePoints(s: string, max: number): number {
  if (s.length <= max) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function badCharacter(s: string, bad: RegExp): string | undefined {
  const m = bad.exec(s);
  if (m === null) return undefined;
  const c = m[0].codePointAt(0) ?? 0;
  if (c === 0xfffd) {
    return 'holds U+FFFD, the mark of bytes that were not valid UTF-8 in the source (correct the record in the source)';
  }
  if (c >= 0xd800 && c <= 0xdfff) return `holds a broken character (lone surrogate ${hex(c)}; correct the record in the source)`;
  return `holds the control character ${hex(c)} (remove it in the source)`;
}

function textCheck(limits: ValueLimits | undefined, bad: RegExp, fix: (max: number) => string): (s: string) => string | undefined {
  const max = limits?.maxLength ?? DEFAULT_MAX_LENGTH;
  const tooLong = `(at most ${max} allowed; ${fix(max)})`;
  return (s) => {
    const n = codePoints(s, max);
    if (n > max) return `is ${n} characters long ${tooLong}`;
    return badCharacter(s, bad);
  };
}

function rangeProblem(n: number, limits: ValueLimits | undefined, fallback: { min: number; max: number }): string | undefined {
  const min = limits?.min ?? fallback.min;
  const max = limits?.max ?? fallback.max;
  return n < min || n > max ? `is out of range (allowed: whole numbers ${min}..${max})` : undefined;
}

const SAFE = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

/** The check of one attribute's values after coercion to its type. */
export function attrCheck(spec: AttrSpec): ValueCheck {
  switch (spec.type) {
    case 'string': {
      const text = textCheck(spec, BAD_IN_ATTR, (max) => `correct it in the source, or cut it with '| truncate(${max})'`);
      return (v) => (typeof v === 'string' ? text(v) : undefined);
    }
    case 'integer':
      return (v) => (typeof v === 'number' ? rangeProblem(v, spec, SAFE) : undefined);
    case 'boolean':
      return () => undefined;
  }
}

/**
 * The check of a kind's keys, as text. Integer keys are digits (checked before this) within the
 * kind's range — by default 0..2^53-1, where JSON numbers stop being exact.
 */
export function keyCheck(kind: KindSpec): (key: string) => string | undefined {
  if (kind.keyType === 'integer') {
    const fallback = { min: 0, max: Number.MAX_SAFE_INTEGER };
    // Number() of 20 digits is ~1e20: out of any range here, never wrongly in it.
    return (key) => rangeProblem(Number(key), kind.keyLimits, fallback);
  }
  // No truncate hint: two subscribers whose keys differ only past the cut would collide.
  return textCheck(kind.keyLimits, BAD_IN_KEY, () => 'correct it in the source');
}

const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F]|\p{Cs}/gu;

/**
 * A key's text for a reason: cut after 40 characters, so a 1 MB key never becomes a 1 MB reason,
 * and control characters written as `\uXXXX`, so a reason never carries one to a terminal.
 */
export function shownKey(key: string): string {
  const cut = key.length <= 40 ? key : `${Array.from(key.slice(0, 41)).slice(0, 40).join('')}…`;
  return cut.replace(UNPRINTABLE, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}
