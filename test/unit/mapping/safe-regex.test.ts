/**
 * H4: a mapping's `matches:` runs on a linear-time engine. `^([А-Яа-яЁё]+-?)*$` against a
 * 34-letter surname ending in `1` took 38 s of CPU on JavaScript's backtracking RegExp.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileCondition } from '../../../src/mapping/filter.js';
import { compileSafeRegex, safeRegexProblem } from '../../../src/mapping/safe-regex.js';
import type { FilterCondition } from '../../../src/mapping/types.js';
import { aSubscriber } from '../../support/subscriber-builder.js';

const EVIL = '^([А-Яа-яЁё]+-?)*$';
const surname = (letters: number): string => `${'Иванов'.repeat(Math.ceil(letters / 6)).slice(0, letters)}1`;

function compiled(c: FilterCondition) {
  const problems: string[] = [];
  const out = compileCondition(c, (key, message) => problems.push(`${key}: ${message}`));
  return { out, problems };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('mapping regexes on a linear-time engine (H4)', () => {
  it('never hands a mapping pattern to the backtracking RegExp engine', () => {
    const exec = vi.spyOn(RegExp.prototype, 'exec');
    const test = vi.spyOn(RegExp.prototype, 'test');
    // Short enough that a backtracking engine would still finish if it were used.
    const { out } = compiled({ field: 'name.last', matches: EVIL });
    expect(out?.test(aSubscriber({ name: { full: surname(12), last: surname(12) } }))).toBe(false);
    const sources = [...exec.mock.contexts, ...test.mock.contexts].map((re) => (re as RegExp).source);
    expect(sources).not.toContain(EVIL);
  });

  it('answers the pathological surname at once, and still matches what it should', () => {
    const { out, problems } = compiled({ field: 'name.last', matches: EVIL });
    expect(problems).toEqual([]);
    // 200 letters: a backtracking engine would need longer than the age of the universe.
    const sub = (last: string) => aSubscriber({ name: { full: last, last } });
    expect(out?.test(sub(surname(200)))).toBe(false);
    expect(out?.test(sub('Римский-Корсаков'))).toBe(true);
  });

  it('keeps the everyday JavaScript syntax operators write', () => {
    const holds = (pattern: string, text: string) => compileSafeRegex(pattern).test(text);
    expect(holds('^\\d+$', '100042')).toBe(true);
    expect(holds('^\\d+$', 'ЛС-17')).toBe(false);
    expect(holds('^8', '8 (912)')).toBe(true);
    expect(holds('(?i)^ivan', 'IVANOV')).toBe(true);
    expect(holds('^\\p{Lu}', 'Иванов')).toBe(true);
    expect(holds('^[0-9]{6}$', '123456')).toBe(true);
    expect(holds('tv|iptv', 'пакет iptv')).toBe(true);
  });

  it.each([
    ['(?=x)y', /lookahead and lookbehind/],
    ['(?!x)y', /lookahead and lookbehind/],
    ['(?<=x)y', /lookahead and lookbehind/],
    ['(?<!x)y', /lookahead and lookbehind/],
    ['(a)\\1', /backreferences/],
    ['(?<n>a)\\k<n>', /backreferences/],
    ['(', /missing closing \)/],
  ])('refuses %s with the reason', (pattern, reason) => {
    expect(safeRegexProblem(pattern)).toMatch(reason);
    expect(compiled({ field: 'id', matches: pattern }).problems).toEqual([expect.stringMatching(/^matches: invalid regular expression: /)]);
  });
});
