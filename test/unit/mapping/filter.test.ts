import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../src/mapping/filter.js';
import type { FilterCondition } from '../../../src/mapping/types.js';
import { aSubscriber } from '../../support/subscriber-builder.js';

function cond(c: FilterCondition) {
  const problems: string[] = [];
  const compiled = compileCondition(c, (key, message) => problems.push(`${key}: ${message}`));
  return { compiled, problems };
}

function holds(c: FilterCondition, overrides: Parameters<typeof aSubscriber>[0] = {}): boolean {
  const { compiled, problems } = cond(c);
  if (!compiled) throw new Error(problems.join('; '));
  return compiled.test(aSubscriber(overrides));
}

describe('filter conditions', () => {
  it('eq / ne compare as text', () => {
    expect(holds({ field: 'status', eq: 'active' })).toBe(true);
    expect(holds({ field: 'status', eq: 'active' }, { status: 'off' })).toBe(false);
    expect(holds({ field: 'id', eq: 42 })).toBe(true);
    expect(holds({ field: 'status', ne: 'off' })).toBe(true);
    expect(holds({ field: 'status', ne: 'off' }, { status: 'off' })).toBe(false);
    expect(holds({ field: 'raw.n_balance', eq: 150.5 })).toBe(true);
  });

  it('in / not_in match YAML numbers against text ids', () => {
    expect(holds({ field: 'id', in: [1, 42] })).toBe(true);
    expect(holds({ field: 'id', in: [1, 2] })).toBe(false);
    expect(holds({ field: 'status', not_in: ['off'] })).toBe(true);
    expect(holds({ field: 'status', not_in: ['off'] }, { status: 'off' })).toBe(false);
  });

  it('lists match when any element does (in) and when none does (not_in)', () => {
    expect(holds({ field: 'services.id', in: [100] })).toBe(true);
    expect(holds({ field: 'services.id', in: [7] })).toBe(false);
    expect(holds({ field: 'services.id', not_in: [7, 8] })).toBe(true);
    expect(holds({ field: 'services.id', not_in: [1] })).toBe(false);
    expect(holds({ field: 'services.id', eq: '1' })).toBe(true);
  });

  it('empty values: eq null, in [null], exists', () => {
    expect(holds({ field: 'account', eq: null }, { account: null })).toBe(true);
    expect(holds({ field: 'account', eq: null })).toBe(false);
    expect(holds({ field: 'account', in: [null, '5'] }, { account: null })).toBe(true);
    expect(holds({ field: 'account', in: ['5'] }, { account: null })).toBe(false);
    expect(holds({ field: 'account', exists: true })).toBe(true);
    expect(holds({ field: 'account', exists: true }, { account: null })).toBe(false);
    expect(holds({ field: 'account', exists: false }, { account: '' })).toBe(true);
    expect(holds({ field: 'contacts.emails', exists: true }, { contacts: { phones: [], emails: [] } })).toBe(false);
    expect(holds({ field: 'address.flat', exists: true }, { address: null })).toBe(false);
  });

  it('matches searches the text with a regular expression', () => {
    expect(holds({ field: 'account', matches: '^\\d+$' })).toBe(true);
    expect(holds({ field: 'account', matches: '^\\d+$' }, { account: 'ЛС-17' })).toBe(false);
    expect(holds({ field: 'account', matches: '.*' }, { account: null })).toBe(false);
    expect(holds({ field: 'contacts.phones', matches: '^8' })).toBe(true);
  });

  it('several operators in one condition must all hold', () => {
    expect(holds({ field: 'id', ne: '1', matches: '^4' })).toBe(true);
    expect(holds({ field: 'id', ne: '42', matches: '^4' })).toBe(false);
  });

  it('reports bad paths, pipes, invalid regexes and missing operators', () => {
    expect(cond({ field: 'acount', eq: 1 }).problems[0]).toMatch(/^field: a subscriber has no field 'acount'/);
    expect(cond({ field: 'id | upper', eq: 1 }).problems[0]).toMatch(/pipes are not allowed/);
    expect(cond({ field: 'id', matches: '(' }).problems[0]).toMatch(/^matches: invalid regular expression/);
    expect(cond({ field: 'id' }).problems[0]).toMatch(/needs one of eq, ne, in, not_in, matches, exists/);
    expect(cond({ field: 'id', eq: 1 }).compiled?.text).toBe('id eq 1');
  });
});
