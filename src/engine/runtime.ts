/**
 * A runtime: everything built from one loaded config — compiled mappings, source and target
 * clients, the open store — with one `close()` that releases them in reverse order.
 * Compiling mappings happens before anything connects, so config mistakes cost no I/O.
 */
import type { SyncConfig } from '../config/types.js';
import { compileMapping, type CompiledMapping } from '../mapping/compile.js';
import type { Target } from '../targets/target.js';
import type { KindSpec } from '../model/kind.js';
import type { Source } from '../sources/source.js';
import type { Store } from '../store/store.js';
import { openStore } from '../store/db.js';
import { sourceFactory } from '../sources/registry.js';
import { targetFactory } from '../targets/registry.js';
import type { Logger } from '../util/logger.js';
import { ConfigErrors, BillsyncError } from '../model/errors.js';

export interface Runtime {
  readonly config: SyncConfig;
  readonly mappings: readonly CompiledMapping[];
  /** Kinds per target name (for reports). */
  readonly kinds: Readonly<Record<string, readonly KindSpec[]>>;
  readonly sources: ReadonlyMap<string, Source>;
  readonly targets: ReadonlyMap<string, Target>;
  readonly store: Store;
  readonly logger: Logger;
  close(): Promise<void>;
}

/** Compiles every mapping against its target type's kinds (and inventory); collects all errors. */
export function compileMappings(config: SyncConfig): { mappings: CompiledMapping[]; kinds: Record<string, readonly KindSpec[]> } {
  const kinds: Record<string, readonly KindSpec[]> = {};
  const ledger = new Set<string>();
  for (const t of Object.values(config.targets)) {
    const factory = targetFactory(t.type);
    kinds[t.name] = factory.kinds;
    if (factory.keepsLedger?.(t.options)) ledger.add(t.name);
  }
  const errors: BillsyncError[] = [];
  const mappings: CompiledMapping[] = [];
  for (const doc of config.mappings) {
    const targetName = (doc.value as { target: string }).target;
    const access = config.inventories?.[targetName]?.access;
    try {
      mappings.push(compileMapping(doc, kinds[targetName] ?? [], { ...(access ? { access } : {}), ledger: ledger.has(targetName) }));
    } catch (err) {
      if (err instanceof ConfigErrors) errors.push(...err.errors);
      else if (err instanceof BillsyncError) errors.push(err);
      else throw err;
    }
  }
  if (errors.length > 0) throw new ConfigErrors(errors);
  return { mappings, kinds };
}

export async function openRuntime(config: SyncConfig, deps: { logger: Logger; now?: () => Date }): Promise<Runtime> {
  const { mappings, kinds } = compileMappings(config);
  const releasers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const release of releasers.reverse()) await release().catch(() => undefined);
  };
  try {
    const usedSources = new Set(mappings.map((m) => m.source));
    // A target with an inventory has desired entities of its own, mapped or not.
    const usedTargets = new Set([...mappings.map((m) => m.target), ...Object.keys(config.inventories ?? {})]);
    const sources = new Map<string, Source>();
    for (const name of usedSources) {
      const cfg = config.sources[name]!;
      const source = sourceFactory(cfg.type).create(name, { ...cfg.options, rate: cfg.rate }, { logger: deps.logger.child({ source: name }), now: deps.now ?? (() => new Date()) });
      sources.set(name, source);
      releasers.push(() => source.close());
    }
    const targets = new Map<string, Target>();
    for (const name of usedTargets) {
      const cfg = config.targets[name]!;
      const target = targetFactory(cfg.type).create(name, cfg.options, { logger: deps.logger.child({ target: name }), rate: cfg.rate });
      targets.set(name, target);
      releasers.push(() => target.close());
    }
    const store = await openStore(config.store.url, { baseDir: config.dir, ...(config.store.secretKey ? { secretKey: config.store.secretKey } : {}) });
    releasers.push(() => store.close());
    return { config, mappings, kinds, sources, targets, store, logger: deps.logger, close };
  } catch (err) {
    await close();
    throw err;
  }
}
