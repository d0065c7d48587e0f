/**
 * Coercion of mapped values to a target attribute's declared type. Returns `undefined` for
 * "cannot" (never a valid AttrValue) so the hot path allocates nothing; the reason is built
 * only when a subscriber is actually skipped.
 */
import type { AttrValue } from '../model/entity.js';
import type { AttrType } from '../model/kind.js';
import { describeValue } from './errors.js';

const INTEGER_TEXT = /^-?\d+$/;
const TRUE_WORDS = new Set(['true', '1', 'yes', 'y']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n']);

/** Converts a mapped value to one attr type; `undefined` means "cannot". null stays null. */
export type Coercer = (v: unknown) => AttrValue | undefined;

function toText(v: unknown): AttrValue | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function toInteger(v: unknown): AttrValue | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (!INTEGER_TEXT.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

function toBoolean(v: unknown): AttrValue | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (v === 1) return true;
  if (v === 0) return false;
  if (typeof v !== 'string') return undefined;
  const w = v.trim().toLowerCase();
  if (TRUE_WORDS.has(w)) return true;
  if (FALSE_WORDS.has(w)) return false;
  return undefined;
}

/**
 * Coercers by attr type, picked once at compile time (so the hot path calls a local
 * function, not a module export):
 * - string: text, or a number/boolean written out;
 * - integer: a whole number or text of digits (optional '-');
 * - boolean: true/false, 1/0, 'true'/'false'/'yes'/'no'/'y'/'n'/'1'/'0' (any case).
 * Lists and objects never coerce.
 */
export const COERCE: Readonly<Record<AttrType, Coercer>> = {
  string: toText,
  integer: toInteger,
  boolean: toBoolean,
};

/** Why `v` is not a valid `type`, for skip reasons and compile errors. */
export function coercionProblem(v: unknown, type: AttrType): string {
  switch (type) {
    case 'string':
      return `${describeValue(v)} is not text (pick one element with '| first' or join with '| join(", ")')`;
    case 'integer':
      return `${describeValue(v)} is not a whole number`;
    case 'boolean':
      return `${describeValue(v)} is not a yes/no value (use true/false, yes/no, 1/0)`;
  }
}
