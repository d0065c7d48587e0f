/**
 * A view of a runtime narrowed to one target: only that target, the mappings into it and the
 * sources they read. A per-target run plans with it, so it reads only what that target needs,
 * diffs only that target's snapshot and applies only that target's ops — nothing else is
 * recomputed or touched. Closing the view closes nothing (the runtime belongs to the daemon).
 */
import type { Runtime } from '../engine/runtime.js';
import type { Logger } from '../util/logger.js';
import { InternalError } from '../model/errors.js';
import type { SharedReads } from './shared-reads.js';

/** @param shared the daemon's shared reads: the target reads its sources through them (one read per source per round) */
export function scopeRuntime(rt: Runtime, target: string, logger: Logger, shared?: SharedReads): Runtime {
  const t = rt.targets.get(target);
  if (!t) throw new InternalError(`no target ${target} in the runtime`);
  const mappings = rt.mappings.filter((m) => m.target === target);
  const used = new Set(mappings.map((m) => m.source));
  return {
    config: rt.config,
    mappings,
    kinds: { [target]: rt.kinds[target] ?? [] },
    sources: scoped(new Map([...rt.sources].filter(([name]) => used.has(name))), target, shared),
    targets: new Map([[target, t]]),
    store: rt.store,
    logger,
    close: async () => undefined,
  };
}

const scoped = (sources: Runtime['sources'], target: string, shared?: SharedReads): Runtime['sources'] => (shared ? shared.viewsFor(target, sources) : sources);
