/**
 * Filter conditions of a mapping: which subscribers a target should have at all.
 *
 * Values compare as text, so YAML `in: [1, 2]` matches ids '1' and '2'. A field that is a list
 * (`services.id`, `contacts.phones`) matches when any element does: `eq`/`in`/`matches` ask
 * "has one", `ne`/`not_in` ask "has none". Empty ('' / missing / empty list) equals `null`,
 * is in a list only if the list holds `null`, never `matches`, and does not `exist`. `matches`
 * takes RE2 syntax and runs in linear time (safe-regex.ts).
 */
import type { Subscriber } from '../model/subscriber.js';
import type { FilterCondition } from './types.js';
import { parsePath } from './expr-parse.js';
import { checkPath, compilePath } from './subscriber-path.js';
import { compileSafeRegex, SafeRegexError, type SafeRegex } from './safe-regex.js';

export interface CompiledCondition {
  /** The field path as written. */
  readonly field: string;
  /** The condition as text, e.g. `status not_in [off]`, for `explain`. */
  readonly text: string;
  read(sub: Subscriber): unknown;
  test(sub: Subscriber): boolean;
}

/** Reports a problem with one key of the condition (`field`, `matches`, …). */
export type ConditionProblem = (key: string, message: string, col?: number) => void;

type Pred = (s: string) => boolean;

function asText(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** True if any non-empty scalar in `v` (or `v` itself) satisfies `pred`. */
function any(v: unknown, pred: Pred): boolean {
  if (Array.isArray(v)) {
    for (const el of v) {
      const t = asText(el);
      if (t !== null && pred(t)) return true;
    }
    return false;
  }
  const t = asText(v);
  return t !== null && pred(t);
}

const isEmpty = (v: unknown): boolean => !any(v, () => true);

function inList(list: readonly unknown[]): (v: unknown) => boolean {
  const set = new Set<string>();
  let withNull = false;
  for (const x of list) {
    if (x === null) withNull = true;
    else set.add(String(x));
  }
  const has: Pred = (s) => set.has(s);
  return (v) => any(v, has) || (withNull && isEmpty(v));
}

function equals(x: unknown): (v: unknown) => boolean {
  if (x === null || x === undefined || x === '') return isEmpty;
  const want = String(x);
  return (v) => any(v, (s) => s === want);
}

/**
 * Compiles one condition; problems go to `report` and yield undefined.
 * A condition must name at least one operator.
 */
export function compileCondition(c: FilterCondition, report: ConditionProblem): CompiledCondition | undefined {
  let read: (sub: Subscriber) => unknown;
  try {
    const path = parsePath(c.field);
    checkPath(path);
    read = compilePath(path);
  } catch (e) {
    const col = (e as { col?: number }).col;
    report('field', (e as Error).message, col);
    return undefined;
  }
  const checks: ((v: unknown) => boolean)[] = [];
  const words: string[] = [];
  if (c.eq !== undefined) {
    checks.push(equals(c.eq));
    words.push(`eq ${JSON.stringify(c.eq)}`);
  }
  if (c.ne !== undefined) {
    const eq = equals(c.ne);
    checks.push((v) => !eq(v));
    words.push(`ne ${JSON.stringify(c.ne)}`);
  }
  if (c.in !== undefined) {
    checks.push(inList(c.in));
    words.push(`in ${JSON.stringify(c.in)}`);
  }
  if (c.not_in !== undefined) {
    const isIn = inList(c.not_in);
    checks.push((v) => !isIn(v));
    words.push(`not_in ${JSON.stringify(c.not_in)}`);
  }
  if (c.matches !== undefined) {
    let re: SafeRegex;
    try {
      // Linear time whatever the pattern: a user's regex must never stall a sync (safe-regex.ts).
      re = compileSafeRegex(c.matches);
    } catch (e) {
      if (!(e instanceof SafeRegexError)) throw e;
      report('matches', `invalid regular expression: ${e.message}`);
      return undefined;
    }
    const test: Pred = (s) => re.test(s);
    checks.push((v) => any(v, test));
    words.push(`matches ${JSON.stringify(c.matches)}`);
  }
  if (c.exists !== undefined) {
    const want = c.exists;
    checks.push((v) => isEmpty(v) !== want);
    words.push(`exists ${String(want)}`);
  }
  if (checks.length === 0) {
    report('field', 'a filter condition needs one of eq, ne, in, not_in, matches, exists');
    return undefined;
  }
  const only = checks.length === 1 ? checks[0] : undefined;
  return {
    field: c.field,
    text: `${c.field} ${words.join(' and ')}`,
    read,
    test: only
      ? (sub) => only(read(sub))
      : (sub) => {
          const v = read(sub);
          return checks.every((check) => check(v));
        },
  };
}
