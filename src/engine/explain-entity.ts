/**
 * `explain`: for one target entity, find the subscriber it comes from, map it with a trace, and
 * put the snapshot (and, on request, the live) state beside it.
 */
import type { Entity, SnapshotEntity } from '../model/entity.js';
import type { Subscriber } from '../model/subscriber.js';
import type { MappingExplanation } from '../mapping/explain.js';
import { BillsyncError } from '../model/errors.js';
import type { Runtime } from './runtime.js';
import type { EntityExplanation } from '../report/explain.js';
import { snapshotIds } from './observe-live.js';

export type { EntityExplanation } from '../report/explain.js';

export async function explainEntity(rt: Runtime, target: string, kind: string, key: string, opts: { refresh?: boolean } = {}): Promise<EntityExplanation> {
  const t = rt.targets.get(target);
  if (!t) throw new BillsyncError('USAGE', `no mapping writes to target '${target}'`, { fix: `use one of: ${[...rt.targets.keys()].join(', ')}` });
  if (!t.kinds.some((k) => k.kind === kind)) throw new BillsyncError('USAGE', `target ${target} has no kind '${kind}'`, { fix: `use one of: ${t.kinds.map((k) => k.kind).join(', ')}` });
  // One indexed row unless the live read needs the snapshot's remote ids of every entity.
  const rows = opts.refresh ? await rt.store.loadSnapshot(target) : null;
  const snapshot = rows ? (rows.find((e) => e.kind === kind && e.key === key) ?? null) : await rt.store.getSnapshotEntity(target, kind, key);
  const mappings = rt.mappings.filter((m) => m.target === target);

  const produces = (sub: Subscriber) => {
    for (const m of mappings.filter((x) => x.source === sub.source)) {
      const r = m.map(sub);
      const e = r.kind === 'entities' ? r.entities.find((x) => x.kind === kind && x.key === key) : undefined;
      if (e) return { m, e };
    }
    return undefined;
  };

  // The snapshot knows which subscriber the entity came from: try just that one first.
  const remembered = snapshot?.origin ? ((await rt.sources.get(snapshot.origin.source)?.readOne(snapshot.origin.id)) ?? null) : null;
  let producer = remembered ? produces(remembered) : undefined;
  let subscriber = producer ? remembered : null;
  for (const m of producer ? [] : mappings) {
    const source = rt.sources.get(m.source);
    for await (const batch of source ? source.read() : []) {
      subscriber = batch.find((s) => produces(s) !== undefined) ?? null;
      if (subscriber) break;
    }
    if (subscriber) {
      producer = produces(subscriber);
      break;
    }
  }
  // A subscriber that no longer maps to the entity (skipped, out of scope) is still explained.
  const sub = subscriber ?? remembered;
  const mapping = producer?.m ?? mappings.find((m) => m.source === sub?.source);
  // A kind the target cannot read by key is not read: "not read" must never show as "not there".
  const unobservable = opts.refresh ? t.kinds.find((k) => k.kind === kind)?.unobservable : undefined;
  const live = rows && unobservable === undefined ? await t.observe(kind, key, snapshot?.remoteId ?? null, snapshotIds(rows)) : undefined;
  return {
    target,
    kind,
    key,
    subscriber: sub,
    mapping: sub && mapping ? mapping.explain(sub) : null,
    desired: producer?.e ?? null,
    snapshot,
    ...(opts.refresh ? (unobservable === undefined ? { live } : { unobservable }) : {}),
  };
}
