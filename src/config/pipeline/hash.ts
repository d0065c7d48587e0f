/**
 * Stage 7, hash: what saved plans carry to tell whether the configuration changed since. It
 * covers sync.yaml and the mapping files with secrets blanked, and declared state (credentials as
 * digests). The daemon section changes no plan, so editing it does not make saved plans stale.
 */
import { canonicalJson, sha256 } from '../../model/hash.js';
import { withoutDaemon } from '../daemon.js';
import { withoutBridges } from '../../bridges/config.js';
import type { DeclaredStates } from './declared-state.js';

export function configHash(syncRedacted: unknown, mappings: readonly { readonly rel: string; readonly redacted: unknown }[], declared: DeclaredStates): string {
  const hashInput = {
    sync: withoutBridges(withoutDaemon(syncRedacted)),
    mappings: mappings.map((m) => ({ file: m.rel, value: m.redacted })),
    // Named `inventories` since before other adapters could declare state: hashes stay as they were.
    ...(declared.hashInput.length > 0 ? { inventories: declared.hashInput } : {}),
  };
  return sha256(canonicalJson(hashInput));
}
