/** Builders for snapshot entities and ops in store tests. */
import { createHash } from 'node:crypto';
import type { SnapshotEntity } from '../../../src/model/entity.js';
import { entityHash } from '../../../src/model/hash.js';
import type { CreateOp, DeleteOp, UpdateOp } from '../../../src/model/op.js';

type EntityInit = Partial<Omit<SnapshotEntity, 'hash'>> & Pick<SnapshotEntity, 'key'>;

/** A snapshot entity with a real hash; target `tv`, kind `customer` unless given. */
export function entity(init: EntityInit): SnapshotEntity {
  const base = {
    target: 'tv',
    kind: 'customer',
    attrs: {},
    sets: {},
    remoteId: null,
    ...init,
  };
  return { ...base, hash: entityHash(base) };
}

export function createOp(seq: number, e: SnapshotEntity): CreateOp {
  return { type: 'create', seq, target: e.target, kind: e.kind, key: e.key, after: [], entity: e };
}

export function updateOp(seq: number, e: SnapshotEntity): UpdateOp {
  return {
    type: 'update',
    seq,
    target: e.target,
    kind: e.kind,
    key: e.key,
    after: [seq - 1],
    changes: [{ attr: 'name', before: undefined, after: 'x' }],
    entity: e,
  };
}

export function deleteOp(seq: number, e: SnapshotEntity): DeleteOp {
  return { type: 'delete', seq, target: e.target, kind: e.kind, key: e.key, after: [], before: e };
}

/** Entities sorted the way loadSnapshot returns them. */
export function byKindKey(list: readonly SnapshotEntity[]): SnapshotEntity[] {
  return [...list].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Covers Cyrillic, null attrs, empty sets, parent and origin, numbers and booleans. */
export const SAMPLE: readonly SnapshotEntity[] = [
  entity({
    key: 'Иванов-1',
    attrs: { name: 'Иван Иванович Иванов', comment: null, balance: -12.5, active: true, pin: '0042' },
    sets: { tariffs: ['1', '2', '10'] },
    origin: { source: 'hydra', id: 'абонент/17' },
    remoteId: '501',
  }),
  entity({ key: 'empty', attrs: {}, sets: {} }),
  entity({ key: 'empty-set', attrs: { name: 'x' }, sets: { tariffs: [] } }),
  entity({
    kind: 'account',
    key: '100200',
    attrs: { name: 'Ёлка «ТВ» \t "quoted" \\ \u{1F4FA}', blocked: false },
    sets: {},
    parent: { kind: 'customer', key: 'Иванов-1' },
    remoteId: null,
  }),
];

/** `n` varied rows of one target: some with parent, origin, empty sets, null remote id. */
export function many(n: number, target = 'bulk'): SnapshotEntity[] {
  return Array.from({ length: n }, (_, i) =>
    entity({
      target,
      kind: i % 3 === 0 ? 'customer' : 'account',
      key: `k${String(i).padStart(6, '0')}`,
      attrs: { name: `Абонент ${i}`, n: i, on: i % 2 === 0, none: null },
      sets: i % 5 === 0 ? {} : { tariffs: [String(i % 7), String(100 + (i % 11))] },
      ...(i % 3 === 0 ? {} : { parent: { kind: 'customer', key: `k${String(i - (i % 3)).padStart(6, '0')}` } }),
      ...(i % 4 === 0 ? { origin: { source: 'hydra', id: String(i) } } : {}),
      remoteId: i % 2 === 0 ? String(i * 3) : null,
    }),
  );
}

/**
 * Strings COPY's text format must escape or must not mistake for its markers: tab, newline and
 * CR (field and row ends), backslashes (escapes), a literal `\N` (NULL) and `\.` (end of data),
 * the empty string (not NULL), and what needs no escaping: quotes, Cyrillic, emoji.
 */
export const AWKWARD: readonly string[] = ['tab\there', 'line\nbreak', 'cr\rlf\r\n', 'back\\slash', 'ends in \\', '\\N', '\\.', '\\t not a tab', 'quotes " \' `', 'Ёлка «ТВ» я', '\u{1F4FA}', '', ' spaced '];

/**
 * Rows `from`…`from + n - 1` of target `copy` built from AWKWARD: in keys, parent keys, origins,
 * remote ids (also exactly `\N` and empty), attrs and sets; some parents, origins and remote ids
 * null. `variant` changes every field but the identity, a null one to a value and back.
 */
export function awkwardRows(from: number, n: number, variant = 0): SnapshotEntity[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const w = AWKWARD[i % AWKWARD.length] as string;
    const v = (i + variant) % 12;
    return entity({
      target: 'copy',
      kind: i % 2 === 0 ? 'customer' : 'account',
      key: `${w}#${i}`,
      attrs: { name: `${w}${variant}`, [w]: i, none: null, variant },
      sets: v % 3 === 0 ? {} : { tariffs: [w, String(i + variant)] },
      ...(v % 4 === 1 ? { parent: { kind: 'customer', key: `${w}#${i - 1}` } } : {}),
      ...(v % 2 === 0 ? { origin: { source: w, id: `${w}/${i}` } } : {}),
      remoteId: v % 3 === 1 ? null : v % 3 === 2 ? w : `${w}${variant}`,
    });
  });
}

/** The documented hash, computed independently of the store's code. */
export function expectedHash(list: readonly SnapshotEntity[]): string {
  const cp = (a: string, b: string): number => {
    const x = [...a].map((c) => c.codePointAt(0) ?? 0);
    const y = [...b].map((c) => c.codePointAt(0) ?? 0);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
    return x.length - y.length;
  };
  const sorted = [...list].sort((a, b) => cp(a.kind, b.kind) || cp(a.key, b.key));
  const text = sorted.map((e) => `${e.kind}\t${e.key}\t${e.hash}\t${e.remoteId ?? ''}\n`).join('');
  return createHash('sha256').update(text).digest('hex');
}
