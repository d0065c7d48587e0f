/**
 * Reads what a target really holds for the entities of its snapshot: in bulk when the adapter
 * can list a kind (observeAll), else one observe() per entity under the target's rate limit.
 * A failed read fails the refresh: an unanswered entity must never look "missing" — and one a
 * listing did not name is read by key before it does. Kinds the
 * target cannot read by key (KindSpec.unobservable, e.g. Smarty transactions) are not read at
 * all: the result names them, and the base keeps the snapshot's view of them.
 */
import type { Entity, SnapshotEntity } from '../model/entity.js';
import type { ExecuteContext, Target } from '../targets/target.js';
import type { LiveState } from '../plan/drift.js';
import { createLimiter, type RateLimit } from '../util/rate-limit.js';

/** The snapshot's remote ids both ways, for observe() and observeAll(). */
export function snapshotIds(snapshot: readonly SnapshotEntity[]): ExecuteContext {
  const ids = new Map<string, string>();
  const keys = new Map<string, string>();
  for (const s of snapshot) {
    if (s.remoteId === null) continue;
    ids.set(`${s.kind}\u0000${s.key}`, s.remoteId);
    keys.set(`${s.kind}\u0000${s.remoteId}`, s.key);
  }
  return {
    remoteIdOf: (kind, key) => ids.get(`${kind}\u0000${key}`) ?? null,
    keyOf: (kind, remoteId) => keys.get(`${kind}\u0000${remoteId}`) ?? null,
  };
}

export async function observeLive(target: Target, snapshot: readonly SnapshotEntity[], rate: RateLimit): Promise<LiveState> {
  const byKind = new Map<string, Map<string, Entity | null>>();
  const kinds = new Set(snapshot.map((s) => s.kind));
  const perEntity: SnapshotEntity[] = [];
  const unobserved: { kind: string; entities: number; reason: string }[] = [];
  const ctx = snapshotIds(snapshot);
  for (const kind of kinds) {
    const reason = target.kinds.find((k) => k.kind === kind)?.unobservable;
    if (reason !== undefined) {
      unobserved.push({ kind, entities: snapshot.filter((s) => s.kind === kind).length, reason });
      continue;
    }
    const seen = new Map<string, Entity | null>();
    byKind.set(kind, seen);
    if (target.observeAll && (target.listedKinds?.includes(kind) ?? true)) {
      for await (const page of target.observeAll(kind, ctx)) for (const e of page) seen.set(e.key, e);
      // What the listing lacks is read once more by key before it counts as gone: a listing that
      // names entities only by ids the snapshot may not hold (Smarty's customer/list has no
      // ext_id; a customer adopted before it had an account has no stored id) cannot tell
      // "not ours" from "gone", and a wrong "missing" plans a create of what is there.
      perEntity.push(...snapshot.filter((s) => s.kind === kind && !seen.has(s.key)));
    } else {
      perEntity.push(...snapshot.filter((s) => s.kind === kind));
    }
  }
  if (perEntity.length > 0) {
    const limiter = createLimiter(rate);
    await Promise.all(
      perEntity.map((s) =>
        limiter.add(async () => {
          byKind.get(s.kind)!.set(s.key, await target.observe(s.kind, s.key, s.remoteId, ctx));
        }),
      ),
    );
  }
  return { byKind, ...(unobserved.length > 0 ? { unobserved } : {}) };
}
