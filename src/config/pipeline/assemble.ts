/** The last step: the checked documents → SyncConfig, defaults applied (build.ts). Pure. */
import { buildSources, buildTargets, DEFAULT_STORE_URL } from '../build.js';
import type { YamlDocument } from '../load.js';
import type { RawSync } from '../raw.js';
import type { DaemonConfig, SyncConfig } from '../types.js';
import type { LoadContext } from './context.js';
import type { BridgesConfig } from '../../bridges/config.js';
import type { DeclaredStates } from './declared-state.js';

export function assembleConfig(
  ctx: LoadContext,
  sync: YamlDocument,
  mappings: readonly YamlDocument[],
  declared: DeclaredStates,
  daemon: DaemonConfig | undefined,
  hash: string,
  bridges?: BridgesConfig,
): SyncConfig {
  const raw = sync.value as RawSync;
  return {
    file: ctx.file,
    dir: ctx.dir,
    // An empty key (`${BILLSYNC_STORE_KEY:-}` unset) is no key: SQLite then uses its key file.
    store: { url: raw.store?.url ?? DEFAULT_STORE_URL, ...(raw.store?.secret_key ? { secretKey: raw.store.secret_key } : {}) },
    sources: buildSources(raw, sync.keyPositionOf),
    targets: buildTargets(raw, sync.keyPositionOf),
    ...(daemon ? { daemon } : {}),
    ...(bridges ? { bridges } : {}),
    mappings,
    inventories: declared.states,
    secretValues: [...ctx.secrets],
    hash,
  };
}
