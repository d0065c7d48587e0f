/**
 * loadConfig: sync.yaml, its mapping files and what targets declare in files of their own
 * (SmartYard's inventory) → SyncConfig, through named stages (pipeline/): read → parse (keeping
 * positions) → schema → secrets → cross-checks → adapter-declared state → hash. Every error
 * found is collected and thrown together as one ConfigErrors, so `billsync validate` shows all
 * of them at once. Reads files only; writes nothing.
 */
import { assembleConfig } from './pipeline/assemble.js';
import { loadContext, throwIfErrors } from './pipeline/context.js';
import { bridgesOf, crossCheck } from './pipeline/cross-checks.js';
import { loadDeclaredStates } from './pipeline/declared-state.js';
import { checkFile } from './pipeline/file.js';
import { configHash } from './pipeline/hash.js';
import { readMappingFiles, readSyncFile, withUsableMappingList } from './pipeline/read.js';
import type { SyncConfig } from './types.js';

export type { SyncConfig, LoadedYaml, SourceConfig, TargetConfig } from './types.js';
export { parseYaml, loadYamlFile, type YamlDocument } from './load.js';

/** Where a config's relative `${file:…}` secrets live, when not next to the file itself. */
export interface LoadConfigOptions {
  /**
   * Directory relative `${file:…}` paths resolve against; default: sync.yaml's directory. A copy of
   * the config taken from git (`impact --against`) points this at the working tree, where the
   * secret files are (they are rarely in git).
   */
  readonly secretsDir?: string;
}

/**
 * Loads and checks `file` (sync.yaml) and the mapping files it lists.
 * @param env where `${VAR}` references are looked up (default: process.env)
 * @throws ConfigErrors with every problem found (CONFIG_NOT_FOUND, CONFIG_YAML, CONFIG_SCHEMA,
 *   CONFIG_SECRET, CONFIG_RULE), each naming file:line:col and a fix
 */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env, opts: LoadConfigOptions = {}): Promise<SyncConfig> {
  const ctx = loadContext(file, env, opts.secretsDir);
  const sync = checkFile(ctx, await readSyncFile(ctx), 'sync');
  const syncDoc = withUsableMappingList(ctx, sync);
  const mappings = (await readMappingFiles(ctx, syncDoc)).map((f) => checkFile(ctx, f, 'mapping')).filter((m) => m.doc !== undefined);
  const mappingDocs = mappings.map((m) => m.doc!);
  const declared = await loadDeclaredStates(ctx, syncDoc);
  const daemon = crossCheck(ctx, syncDoc, sync.clean, mappingDocs);
  const bridges = bridgesOf(ctx, syncDoc, sync.clean);
  throwIfErrors(ctx);
  const hash = configHash(sync.redacted, mappings.map((m) => ({ rel: m.file.rel, redacted: m.redacted })), declared);
  return assembleConfig(ctx, syncDoc, mappingDocs, declared, daemon, hash, bridges);
}
