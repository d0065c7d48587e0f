/**
 * Stage 5, cross-checks: what no schema can say (rules.ts, daemon.ts). The rules skip whatever
 * the schema rejected, so they run on every parsed file; only the URL, store-key and daemon
 * checks wait for a clean sync.yaml (they would repeat the schema's errors).
 */
import { buildDaemon } from '../daemon.js';
import type { YamlDocument } from '../load.js';
import { checkDuplicateMappingFiles, checkMappingRefs, checkStoreKey, checkTariffTable, checkUrls } from '../rules.js';
import type { DaemonConfig } from '../types.js';
import type { LoadContext } from './context.js';

/** Records every problem; returns the daemon settings when sync.yaml is clean and they are valid. */
export function crossCheck(ctx: LoadContext, sync: YamlDocument, syncClean: boolean, mappings: readonly YamlDocument[]): DaemonConfig | undefined {
  ctx.errors.push(...checkDuplicateMappingFiles(sync, ctx.dir));
  if (syncClean) ctx.errors.push(...checkUrls(sync), ...checkStoreKey(sync));
  for (const m of mappings) ctx.errors.push(...checkMappingRefs(m, sync), ...checkTariffTable(m));
  const daemon = syncClean ? buildDaemon(sync) : undefined;
  if (daemon && 'errors' in daemon) ctx.errors.push(...daemon.errors);
  return daemon && 'daemon' in daemon ? daemon.daemon : undefined;
}
