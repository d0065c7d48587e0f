/**
 * What a successful op leaves in the snapshot. Pure: the previous row, the op and the target's
 * answer in; the new row (or its removal) out. Secret values are stored as digests under the
 * store's key (`store.secrets`, model/secret-digest.ts); a row that still held an old unkeyed
 * digest gets the new form whenever the op writes its attributes.
 */
import type { Attrs, Entity, SnapshotEntity } from '../model/entity.js';
import type { Op } from '../model/op.js';
import type { OpResult } from '../targets/target.js';
import type { KindSpec } from '../model/kind.js';
import type { SnapshotChange } from '../store/store.js';
import { assertNever } from '../model/op.js';
import { entityHash } from '../model/hash.js';
import { isLegacyDigest, type SecretDigests } from '../model/secret-digest.js';
import { InternalError } from '../model/errors.js';

export function snapshotChange(
  op: Op,
  prev: SnapshotEntity | undefined,
  result: OpResult,
  spec: KindSpec,
  secrets: SecretDigests,
): SnapshotChange {
  switch (op.type) {
    case 'create': {
      const e = op.entity;
      return put({
        target: e.target,
        kind: e.kind,
        key: e.key,
        // An adopted object is recorded as the target holds it, so the next plan repairs the rest.
        attrs: storedAttrs({ ...e.attrs, ...(result.adopted?.attrs ?? {}) }, spec, secrets),
        sets: { ...e.sets, ...(result.adopted?.sets ?? {}) },
        ...(e.parent ? { parent: e.parent } : {}),
        ...(e.origin ? { origin: e.origin } : {}),
        remoteId: result.remoteId ?? null,
      });
    }
    case 'update':
    case 'block':
    case 'unblock': {
      const base = requirePrev(prev, op);
      return put({
        ...base,
        attrs: { ...base.attrs, ...storedAttrs(op.entity.attrs, spec, secrets) },
        ...(op.entity.origin ? { origin: op.entity.origin } : {}),
        remoteId: result.remoteId === undefined ? base.remoteId : result.remoteId,
      });
    }
    case 'add_member':
    case 'remove_member': {
      const base = requirePrev(prev, op);
      const have = base.sets[op.set] ?? [];
      const members = op.type === 'add_member' ? [...new Set([...have, op.member])] : have.filter((m) => m !== op.member);
      return put({ ...base, sets: { ...base.sets, [op.set]: sortMembers(members) } });
    }
    case 'delete':
      return { kind: 'remove', target: op.target, entityKind: op.kind, key: op.key };
    default:
      return assertNever(op, 'op');
  }
}

function put(e: Omit<SnapshotEntity, 'hash'>): SnapshotChange {
  return { kind: 'put', entity: { ...e, hash: entityHash(e) } };
}

function requirePrev(prev: SnapshotEntity | undefined, op: Op): SnapshotEntity {
  if (!prev) throw new InternalError(`${op.type} of ${op.kind} ${op.key} has no snapshot row to build on`);
  return prev;
}

/** Attributes as the snapshot stores them: secret values replaced by their keyed digests. */
export function storedAttrs(attrs: Attrs, spec: KindSpec, secrets: SecretDigests): Entity['attrs'] {
  let out: Record<string, Attrs[string]> | undefined;
  for (const [attr, v] of Object.entries(attrs)) {
    if (v !== null && spec.attrs[attr]?.secret) (out ??= { ...attrs })[attr] = secrets.digest(v);
  }
  return out ?? attrs;
}

/**
 * An op as the op log stores it: the secret values of the entity it carries (create, update)
 * replaced by their digests, as in the snapshot — the store never holds a credential.
 */
export function storedOp(op: Op, spec: KindSpec, secrets: SecretDigests): Op {
  switch (op.type) {
    case 'create':
    case 'update':
    case 'block':
    case 'unblock': {
      const attrs = storedAttrs(op.entity.attrs, spec, secrets);
      return attrs === op.entity.attrs ? op : { ...op, entity: { ...op.entity, attrs } };
    }
    case 'add_member':
    case 'remove_member':
    case 'delete':
      // Members are keys; a delete carries the snapshot row, already stored with digests.
      return op;
    default:
      return assertNever(op, 'op');
  }
}

/** Members sort numerically when they all are numbers (tariff ids), else as text. */
export function sortMembers(members: readonly string[]): string[] {
  const numeric = members.every((m) => /^-?\d+$/.test(m));
  return [...members].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
}

/**
 * Snapshot rows that still hold an old unkeyed digest (`secret:sha256:…`) of a secret whose
 * desired value it matches, with that digest re-keyed. The diff already treats such a digest as
 * unchanged, so no op would ever rewrite the row of an entity that does not change; an apply
 * that writes these (store.putSnapshot) leaves no brute-forceable digest behind after the first
 * apply on the new version. Rows whose secret changed get an update op instead; rows no
 * subscriber wants any more have no value to re-key with and keep theirs until deleted.
 */
export function rekeyedRows(
  desired: readonly Entity[],
  snapshot: readonly SnapshotEntity[],
  kinds: readonly KindSpec[],
  secrets: SecretDigests,
): SnapshotEntity[] {
  // The common case, after the first apply on keyed digests: nothing to re-key, no index built.
  if (!snapshot.some((row) => Object.values(row.attrs).some(isLegacyDigest))) return [];
  const specs = new Map(kinds.map((k) => [k.kind, k]));
  const wanted = new Map<string, Entity>();
  for (const d of desired) wanted.set(`${d.kind}\u0000${d.key}`, d);
  const out: SnapshotEntity[] = [];
  for (const row of snapshot) {
    const spec = specs.get(row.kind);
    const d = wanted.get(`${row.kind}\u0000${row.key}`);
    if (!spec || !d) continue;
    let attrs: Record<string, Attrs[string]> | undefined;
    for (const [attr, stored] of Object.entries(row.attrs)) {
      const value = d.attrs[attr];
      if (!spec.attrs[attr]?.secret || !isLegacyDigest(stored) || value === undefined || value === null) continue;
      if (secrets.matches(value, stored)) (attrs ??= { ...row.attrs })[attr] = secrets.digest(value);
    }
    if (attrs) {
      const { hash: _old, ...rest } = row;
      const next = { ...rest, attrs };
      out.push({ ...next, hash: entityHash(next) });
    }
  }
  return out;
}
