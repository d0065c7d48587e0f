/**
 * Stage 5, cross-checks: what no schema can say (rules.ts, daemon.ts). The rules skip whatever
 * the schema rejected, so they run on every parsed file; only the URL, store-key and daemon
 * checks wait for a clean sync.yaml (they would repeat the schema's errors).
 */
import { buildDaemon } from '../daemon.js';
import { buildBridges, type BridgesConfig } from '../../bridges/config.js';
import { resolve } from 'node:path';
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

/** The `bridges:` section (off unless configured), checked once sync.yaml is clean. */
export function bridgesOf(ctx: LoadContext, sync: YamlDocument, syncClean: boolean): BridgesConfig | undefined {
  const bridges = syncClean ? buildBridges(sync, (p) => resolve(ctx.dir, p)) : undefined;
  if (bridges && 'errors' in bridges) ctx.errors.push(...bridges.errors);
  return bridges && 'bridges' in bridges ? bridges.bridges : undefined;
}
