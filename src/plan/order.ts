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
}

/** Orders the ops of all targets into one list with seqs 1..n. */
export function orderOps(targets: readonly TargetDrafts[]): Op[] {
  const slots: Slot[] = [];
  let entity = 0;
  for (const t of targets) {
    const depthOf = depths(t.kinds);
    for (const ops of t.perEntity) {
      ops.forEach((draft, index) => {
        slots.push({ draft, phase: phaseOf(draft.type), depth: depthOf.get(draft.kind) ?? 0, entity, index });
      });
      entity++;
    }
  }
  slots.sort(compareSlots);

  const seqOf = new Map<Slot, number>();
  slots.forEach((s, i) => seqOf.set(s, i + 1));
  const lastOfEntity = new Map<number, number>();
  const creates = new Map<string, number>();
  const childDeletes = new Map<string, number[]>();
  for (const s of slots) {
    const d = s.draft;
    if (d.type === 'create') creates.set(refId(d.target, d.kind, d.key), seqOf.get(s)!);
    if (d.type === 'delete' && d.before.parent) {
      const pid = refId(d.target, d.before.parent.kind, d.before.parent.key);
      const list = childDeletes.get(pid) ?? [];
      list.push(seqOf.get(s)!);
      childDeletes.set(pid, list);
    }
  }

  return slots.map((s) => {
    const seq = seqOf.get(s)!;
    const after: number[] = [];
    const prev = lastOfEntity.get(s.entity);
    if (prev !== undefined) after.push(prev);
    lastOfEntity.set(s.entity, seq);
    const d = s.draft;
    if (d.type === 'create' && d.entity.parent) {
      const parentCreate = creates.get(refId(d.target, d.entity.parent.kind, d.entity.parent.key));
      if (parentCreate !== undefined) after.push(parentCreate);
    }
    if (d.type === 'delete') after.push(...(childDeletes.get(refId(d.target, d.kind, d.key)) ?? []));
    return { ...d, seq, after } as Op;
  });
}

function compareSlots(a: Slot, b: Slot): number {
  if (a.phase !== b.phase) return a.phase - b.phase;
  // Deletes go deepest first (children before parents); everything else parents first.
  if (a.depth !== b.depth) return a.phase === 3 ? b.depth - a.depth : a.depth - b.depth;
  const ta = a.draft.target;
  const tb = b.draft.target;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.draft.kind !== b.draft.kind) return a.draft.kind < b.draft.kind ? -1 : 1;
  if (a.draft.key !== b.draft.key) return compareKeys(a.draft.key, b.draft.key);
  return a.index - b.index;
}

/** Numeric keys sort numerically (account 9 before 10), others as text. */
function compareKeys(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

const refId = (target: string, kind: string, key: string): string => `${target}\u0000${kind}\u0000${key}`;
