import { describe, expect, it } from 'vitest';
import { countMembers } from '../../../src/report/member-counts.js';
import type { Op } from '../../../src/model/op.js';
import { customer, snap } from './plan-fixture.js';

const member = (seq: number, type: 'add_member' | 'remove_member', key: string, m: string): Op =>
  ({ seq, type, target: 'smarty', kind: 'customer', key, after: [], set: 'tariffs', member: m });

describe('countMembers', () => {
  it('counts adds, removes and members of deleted entities, integers in numeric order', () => {
    const ops: Op[] = [
      member(1, 'add_member', '1', '10'),
      member(2, 'add_member', '2', '10'),
      member(3, 'remove_member', '1', '9'),
      member(4, 'add_member', '3', 'hd'),
      { seq: 5, type: 'delete', target: 'smarty', kind: 'customer', key: '4', after: [], before: snap(customer('4', ['9', '10'])) },
    ];
    expect(countMembers(ops).map((c) => [c.member, c.added, c.removed, c.deleted])).toEqual([
      ['9', 0, 1, 1],
      ['10', 2, 0, 1],
      ['hd', 1, 0, 0],
    ]);
  });
});
