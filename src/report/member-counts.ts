/**
 * Per-member counts of a plan's set changes — e.g. "Smarty tariff 3: +1 429, tariff 2: −1 020" —
 * for the "by tariff" table of a review report. Pure.
 */
import type { Op } from '../model/op.js';

/** How one member of one target set (e.g. smarty customer.tariffs member '3') changes. */
export interface MemberCount {
  readonly target: string;
  readonly kind: string;
  readonly set: string;
  readonly member: string;
  /** add_member ops. */
  readonly added: number;
  /** remove_member ops. */
  readonly removed: number;
  /**
   * Entities being deleted that hold this member: the planner emits no remove_member for them,
   * but the subscriber loses the member all the same, so a reviewer should see it.
   */
  readonly deleted: number;
}

/**
 * Counts member changes per (target, kind, set, member), sorted by target, kind and set name,
 * then by member (numerically when both are integers: tariff 10 after tariff 9).
 */
export function countMembers(ops: readonly Op[]): MemberCount[] {
  const byId = new Map<string, { target: string; kind: string; set: string; member: string; added: number; removed: number; deleted: number }>();
  const bump = (target: string, kind: string, set: string, member: string, field: 'added' | 'removed' | 'deleted'): void => {
    const id = [target, kind, set, member].join('\u0000');
    let c = byId.get(id);
    if (!c) byId.set(id, (c = { target, kind, set, member, added: 0, removed: 0, deleted: 0 }));
    c[field] += 1;
  };
  for (const op of ops) {
    if (op.type === 'add_member') bump(op.target, op.kind, op.set, op.member, 'added');
    else if (op.type === 'remove_member') bump(op.target, op.kind, op.set, op.member, 'removed');
    else if (op.type === 'delete') {
      for (const [set, members] of Object.entries(op.before.sets)) {
        for (const m of members) bump(op.target, op.kind, set, m, 'deleted');
      }
    }
  }
  return [...byId.values()].sort(
    (a, b) => cmp(a.target, b.target) || cmp(a.kind, b.kind) || cmp(a.set, b.set) || compareMembers(a.member, b.member),
  );
}

const INTEGER = /^-?\d{1,15}$/;

/** Integers numerically, otherwise by UTF-16 code units (locale-independent, so deterministic). */
export function compareMembers(a: string, b: string): number {
  if (INTEGER.test(a) && INTEGER.test(b)) return Number(a) - Number(b) || cmp(a, b);
  return cmp(a, b);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
