/**
 * `plan --refresh`: fold what the targets really hold into the base the planner diffs against,
 * and say where it differs from the snapshot (drift). Pure.
 *
 * - An entity missing on the target leaves the base, so the diff re-creates it (the repair).
 * - Observed attributes replace the snapshot's, so a changed field is set back.
 * - Set members the target lost are added back; members the platform added by itself are
 *   removed only under the `enforce` policy — `keep` and `report` leave them (report lists them).
 */
import type { AttrValue, Entity, SnapshotEntity } from '../model/entity.js';
import type { DriftEntry } from '../model/plan.js';
import type { DriftPolicy } from '../model/target-policy.js';
import type { KindSpec } from '../model/kind.js';

export interface LiveState {
  /** kind → key → what the target holds (null = it does not have it). Unobserved keys are absent. */
  readonly byKind: ReadonlyMap<string, ReadonlyMap<string, Entity | null>>;
  /**
   * Kinds left unread because the target cannot read them by key (KindSpec.unobservable):
   * their keys are absent from `byKind`, so the base keeps the snapshot's view of them.
   */
  readonly unobserved?: readonly { readonly kind: string; readonly entities: number; readonly reason: string }[];
}

export interface RefreshInput {
  readonly target: string;
  readonly kinds: readonly KindSpec[];
  readonly snapshot: readonly SnapshotEntity[];
  readonly desired: readonly Entity[];
  readonly live: LiveState;
  readonly policy: DriftPolicy;
}

export interface RefreshResult {
  /** What the planner diffs against instead of the snapshot. */
  readonly base: SnapshotEntity[];
  readonly drift: DriftEntry[];
}

export function reconcileLive(input: RefreshInput): RefreshResult {
  const specs = new Map(input.kinds.map((k) => [k.kind, k]));
  const desired = new Map<string, Entity>();
  for (const d of input.desired) desired.set(`${d.kind}\u0000${d.key}`, d);
  const base: SnapshotEntity[] = [];
  const drift: DriftEntry[] = [];

  for (const s of input.snapshot) {
    const observed = input.live.byKind.get(s.kind)?.get(s.key);
    if (observed === undefined) {
      base.push(s);
      continue;
    }
    if (observed === null) {
      drift.push({ target: input.target, kind: s.kind, key: s.key, type: 'missing', attrs: [], added: {}, removed: {} });
      continue;
    }
    const spec = specs.get(s.kind);
    const want = desired.get(`${s.kind}\u0000${s.key}`);
    const attrs: Record<string, AttrValue> = { ...s.attrs };
    const changed: DriftEntry['attrs'][number][] = [];
    for (const [attr, live] of Object.entries(observed.attrs)) {
      // Secrets are stored as digests and create-only attributes are never updated: skip both.
      if (!(attr in s.attrs) || spec?.attrs[attr]?.secret || spec?.attrs[attr]?.createOnly) continue;
      if ((live ?? null) !== (s.attrs[attr] ?? null)) {
        changed.push({ attr, snapshot: s.attrs[attr] ?? null, live: live ?? null });
        attrs[attr] = live;
      }
    }
    const sets: Record<string, readonly string[]> = { ...s.sets };
    const added: Record<string, string[]> = {};
    const removed: Record<string, string[]> = {};
    const platformAdded: Record<string, string[]> = {};
    for (const [set, liveMembers] of Object.entries(observed.sets)) {
      const had = new Set(s.sets[set] ?? []);
      const has = new Set(liveMembers);
      const wanted = new Set(want?.sets[set] ?? []);
      const extra = liveMembers.filter((m) => !had.has(m));
      const lost = (s.sets[set] ?? []).filter((m) => !has.has(m));
      if (lost.length > 0) removed[set] = lost;
      const byPlatform = extra.filter((m) => !wanted.has(m));
      if (extra.length > byPlatform.length) added[set] = extra.filter((m) => wanted.has(m));
      if (byPlatform.length > 0) platformAdded[set] = byPlatform;
      // Platform-added members stay out of the base unless enforced, so the diff leaves them be.
      const keepOut = input.policy === 'enforce' ? new Set<string>() : new Set(byPlatform);
      sets[set] = liveMembers.filter((m) => !keepOut.has(m));
    }
    const listPlatform = input.policy !== 'keep' && Object.keys(platformAdded).length > 0;
    if (changed.length > 0 || Object.keys(added).length > 0 || Object.keys(removed).length > 0 || listPlatform) {
      drift.push({
        target: input.target,
        kind: s.kind,
        key: s.key,
        type: 'changed',
        attrs: changed,
        added,
        removed,
        ...(listPlatform ? { platformAdded, policy: input.policy } : {}),
      });
    }
    base.push({ ...s, attrs, sets });
  }
  return { base, drift };
}
