/**
 * Regular expressions from mapping files (`filter: matches:`), run on a linear-time engine.
 *
 * JavaScript's RegExp backtracks: `^([А-Яа-яЁё]+-?)*$` against a 34-letter surname ending in `1`
 * took 38 s of CPU, and one such subscriber stalls every sync. re2js (a port of RE2) matches in
 * time linear in the text, whatever the pattern. The price is RE2 syntax: no backreferences
 * (`\1`) and no lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`) — patterns that need them are refused
 * when the mapping is validated, never at sync time. Everything else operators write (classes,
 * `\d`, anchors, `{n,m}`, `|`, `(?i)`, `\p{L}`) means what it means in JavaScript.
 *
 * The one module that imports the engine, so swapping it stays a one-file change.
 */
import { RE2JS } from 're2js';

/** A compiled pattern: `test` is an unanchored search, like RegExp.prototype.test. */
export interface SafeRegex {
  readonly source: string;
  test(text: string): boolean;
}

/** A pattern the engine refuses; the message says why and what to write instead. */
export class SafeRegexError extends Error {}

const LOOKAROUND = /\(\?<?[=!]/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/** Compiles `pattern`; throws SafeRegexError naming the problem. */
export function compileSafeRegex(pattern: string): SafeRegex {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (e) {
    throw new SafeRegexError(explain(pattern, e));
  }
  return { source: pattern, test: (text) => compiled.test(text) };
}

/** Why `pattern` cannot be used, or undefined when it can. */
export function safeRegexProblem(pattern: string): string | undefined {
  try {
    compileSafeRegex(pattern);
    return undefined;
  } catch (e) {
    if (e instanceof SafeRegexError) return e.message;
    throw e;
  }
}

function explain(pattern: string, e: unknown): string {
  // The syntax checks above are only for the wording: the engine's refusal is what decides.
  if (LOOKAROUND.test(pattern)) {
    return 'lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported: mapping patterns run on a linear-time engine (RE2 syntax)';
  }
  if (BACKREFERENCE.test(pattern)) {
    return 'backreferences (\\1, \\k<name>) are not supported: mapping patterns run on a linear-time engine (RE2 syntax)';
  }
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^error parsing regexp: /, '');
}
