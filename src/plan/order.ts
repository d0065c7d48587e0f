/**
 * Ordering: gives every drafted op its seq and the seqs it must wait for.
 * Parents before children, creates and updates before member adds, adds before removes,
 * removes before deletes, children deleted before their parents. Ops of one entity run in
 * order; different entities run in parallel. Pure.
 */
import type { Op } from '../model/op.js';
import type { KindSpec } from '../targets/target.js';
import { assertNever } from '../model/op.js';
import type { OpDraft } from './diff.js';

export interface TargetDrafts {
  readonly target: string;
  readonly kinds: readonly KindSpec[];
  readonly perEntity: readonly (readonly OpDraft[])[];
}

function phaseOf(type: OpDraft['type']): number {
  switch (type) {
    case 'create':
    case 'update':
    case 'block':
    case 'unblock':
      return 0;
    case 'add_member':
      return 1;
    case 'remove_member':
      return 2;
    case 'delete':
      return 3;
    default:
      return assertNever(type, 'op type');
  }
}

function depths(kinds: readonly KindSpec[]): Map<string, number> {
  const byName = new Map(kinds.map((k) => [k.kind, k]));
  const out = new Map<string, number>();
  for (const k of kinds) {
    let d = 0;
    for (let p = k.parent; p !== undefined && d < kinds.length; p = byName.get(p)?.parent) d++;
    out.set(k.kind, d);
  }
  return out;
}

interface Slot {
  readonly draft: OpDraft;
  readonly phase: number;
  readonly depth: number;
  readonly entity: number;
  readonly index: number;
  /** The key as a number when it is one (account numbers sort numerically), else NaN. */
  readonly keyNum: number;
  seq: number;
}

/** Orders the ops of all targets into one list with seqs 1..n. */
export function orderOps(targets: readonly TargetDrafts[]): Op[] {
  const slots: Slot[] = [];
  let entity = 0;
  for (const t of targets) {
    const depthOf = depths(t.kinds);
    for (const ops of t.perEntity) {
      const first = ops[0];
      if (!first) continue;
      // Every op of an entity shares its key; parse it once.
      const keyNum = /^\d{1,15}$/.test(first.key) ? Number(first.key) : Number.NaN;
      const depth = depthOf.get(first.kind) ?? 0;
      for (let index = 0; index < ops.length; index++) {
        const draft = ops[index]!;
        slots.push({ draft, phase: phaseOf(draft.type), depth, entity, index, keyNum, seq: 0 });
      }
      entity++;
    }
  }
  slots.sort(compareSlots);
  for (let i = 0; i < slots.length; i++) slots[i]!.seq = i + 1;

  // Seqs of creates and of child deletes, by target → kind → key (nested: no string per lookup).
  const creates = new Map<string, number>();
  const childDeletes = new Map<string, number[]>();
  for (const s of slots) {
    const d = s.draft;
    if (d.type === 'create') creates.set(refId(d.target, d.kind, d.key), s.seq);
    else if (d.type === 'delete' && d.before.parent) {
      const pid = refId(d.target, d.before.parent.kind, d.before.parent.key);
      const list = childDeletes.get(pid);
      if (list) list.push(s.seq);
      else childDeletes.set(pid, [s.seq]);
    }
  }

  const lastOfEntity = new Int32Array(entity);
  const ops = new Array<Op>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    let after: number[] | undefined;
    const prev = lastOfEntity[s.entity]!;
    if (prev !== 0) after = [prev];
    lastOfEntity[s.entity] = s.seq;
    const d = s.draft;
    if (d.type === 'create' && d.entity.parent) {
      const parentCreate = creates.get(refId(d.target, d.entity.parent.kind, d.entity.parent.key));
      if (parentCreate !== undefined) (after ??= []).push(parentCreate);
    } else if (d.type === 'delete') {
      const children = childDeletes.get(refId(d.target, d.kind, d.key));
      if (children) (after ??= []).push(...children);
    }
    // Drafts are fresh objects made by the diff for this plan: completing them in place saves
    // copying a few hundred thousand ops on a first load.
    const op = d as OpDraft & { seq: number; after: readonly number[] };
    op.seq = s.seq;
    op.after = after ?? NO_DEPS;
    ops[i] = op as Op;
  }
  return ops;
}

const NO_DEPS: readonly number[] = Object.freeze([]);

function compareSlots(a: Slot, b: Slot): number {
  if (a.phase !== b.phase) return a.phase - b.phase;
  // Deletes go deepest first (children before parents); everything else parents first.
  if (a.depth !== b.depth) return a.phase === 3 ? b.depth - a.depth : a.depth - b.depth;
  const da = a.draft;
  const db = b.draft;
  if (da.target !== db.target) return da.target < db.target ? -1 : 1;
  if (da.kind !== db.kind) return da.kind < db.kind ? -1 : 1;
  if (a.entity !== b.entity) {
    // Numeric keys sort numerically (account 9 before 10), then everything else as text.
    const an = a.keyNum === a.keyNum;
    const bn = b.keyNum === b.keyNum;
    if (an && bn) return a.keyNum - b.keyNum || (da.key < db.key ? -1 : 1);
    if (an !== bn) return an ? -1 : 1;
    return da.key < db.key ? -1 : da.key > db.key ? 1 : a.entity - b.entity;
  }
  return a.index - b.index;
}

const refId = (target: string, kind: string, key: string): string => `${target}\u0000${kind}\u0000${key}`;
