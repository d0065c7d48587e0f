/** Loads a bridge's mapping file with positions, checking it names the right bridge. */
import { ConfigErrors, BillsyncError } from '../model/errors.js';
import { loadYamlFile, type YamlDocument } from '../config/load.js';
import type { BridgeConfig } from './config.js';

export async function loadBridgeMapping(config: BridgeConfig): Promise<YamlDocument> {
  let doc: YamlDocument;
  try {
    doc = await loadYamlFile(config.mapping);
  } catch (err) {
    const e = err instanceof BillsyncError ? err : new BillsyncError('INTERNAL', String(err));
    throw new ConfigErrors([new BillsyncError(e.code, `bridges.${config.name}.mapping: ${e.message}`, { position: config.position, path: `bridges.${config.name}.mapping`, ...(e.fix ? { fix: e.fix } : {}) })]);
  }
  const v = doc.value as { bridge?: unknown } | null;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new ConfigErrors([new BillsyncError('MAPPING_COMPILE', 'a bridge mapping file must be a YAML mapping (key: value lines)', { position: doc.positionOf([]) })]);
  }
  if (v.bridge !== config.name) {
    throw new ConfigErrors([
      new BillsyncError('MAPPING_COMPILE', `this file maps for bridge '${String(v.bridge)}', but bridges.${config.name} names it`, {
        position: doc.positionOf(['bridge']),
        path: 'bridge',
        fix: `write 'bridge: ${config.name}' at the top, or point bridges.${config.name}.mapping at the right file`,
      }),
    ]);
  }
  return doc;
}
