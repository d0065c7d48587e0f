/** Op builders and a tiny plan→apply loop for the Smotreshka target tests. */
import { expect } from 'vitest';
import type { Attrs, Entity, SnapshotEntity } from '../../../src/model/entity.js';
import { TargetRequestError } from '../../../src/model/errors.js';
import type { Op } from '../../../src/model/op.js';
import { diffTarget } from '../../../src/plan/diff.js';
import type { ExecuteContext, Target } from '../../../src/targets/target.js';

let seq = 0;

export const noIds: ExecuteContext = { remoteIdOf: () => null };
export const ids = (m: Record<string, string>): ExecuteContext => ({ remoteIdOf: (_k, key) => m[key] ?? null });

export function account(key: string, attrs: Attrs = {}, subscriptions: string[] = []): Entity {
  return { target: 'tv', kind: 'account', key, attrs: { email: `${key}@isp.users-mail.lfstrm.tv`, ...attrs }, sets: { subscriptions } };
}

const base = (key: string) => ({ seq: ++seq, target: 'tv', kind: 'account', key, after: [] });
export const create = (e: Entity): Op => ({ ...base(e.key), type: 'create', entity: e });
export const change = (e: Entity, type: 'update' | 'block' | 'unblock' = 'update'): Op => ({ ...base(e.key), type, changes: [], entity: e });
export const del = (key: string): Op => ({
  ...base(key),
  type: 'delete',
  before: { ...account(key), remoteId: null, hash: '' } as SnapshotEntity,
});
export const member = (type: 'add_member' | 'remove_member', key: string, m: string): Op => ({ ...base(key), type, set: 'subscriptions', member: m });

export async function rejection(p: Promise<unknown>): Promise<TargetRequestError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TargetRequestError);
  return err as TargetRequestError;
}

/**
 * Plans the desired entities (through the target's desiredFor) against `snapshot` with the real
 * diff and executes the ops in order, updating the snapshot like the executor does. Returns the
 * op types run.
 */
export async function planAndApply(target: Target, desired: readonly Entity[], snapshot: Map<string, SnapshotEntity>): Promise<string[]> {
  const adjusted = desired.map((e) => target.desiredFor?.(e) ?? e);
  const { perEntity } = diffTarget({ target: 'tv', kinds: target.kinds, desired: adjusted, snapshot: [...snapshot.values()], mayDelete: () => true });
  const done: string[] = [];
  const ctx: ExecuteContext = { remoteIdOf: (_k, key) => snapshot.get(key)?.remoteId ?? null };
  for (const ops of perEntity) {
    for (const draft of ops) {
      const op = { ...draft, seq: ++seq, after: [] } as Op;
      const r = await target.execute(op, ctx);
      done.push(op.type === 'add_member' || op.type === 'remove_member' ? `${op.type} ${op.member}` : op.type);
      const prev = snapshot.get(op.key);
      const want = adjusted.find((e) => e.key === op.key);
      if (op.type === 'delete') snapshot.delete(op.key);
      else if (op.type === 'create') {
        const e = op.entity;
        snapshot.set(op.key, {
          ...e,
          attrs: r.adopted?.attrs ?? e.attrs,
          sets: r.adopted?.sets ?? e.sets,
          remoteId: r.remoteId ?? null,
          hash: '',
        });
      } else if (prev && want) {
        const sets = { ...prev.sets };
        if (op.type === 'add_member') sets[op.set] = [...new Set([...(sets[op.set] ?? []), op.member])].sort();
        if (op.type === 'remove_member') sets[op.set] = (sets[op.set] ?? []).filter((m) => m !== op.member);
        const attrs = op.type === 'add_member' || op.type === 'remove_member' ? prev.attrs : want.attrs;
        snapshot.set(op.key, { ...prev, attrs, sets });
      }
    }
  }
  return done;
}
