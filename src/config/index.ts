/**
 * loadConfig: sync.yaml, its mapping files and the targets' inventory files → SyncConfig. Each
 * file goes parse → schema → `${…}` resolution (a mapping file may hold no `${…}` at all: it
 * reads subscriber fields only, see mapping-references.ts); then the cross-file rules run. Every error found is collected and thrown
 * together as one ConfigErrors, so `billsync validate` shows all of them at once.
 * Reads files only; writes nothing.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { BillsyncError, ConfigErrors } from '../model/errors.js';
import { canonicalJson, sha256 } from '../model/hash.js';
import { buildSources, buildTargets, DEFAULT_STORE_URL } from './build.js';
import { buildDaemon, withoutDaemon } from './daemon.js';
import { buildBridges, withoutBridges } from '../bridges/config.js';
import { readText, tryParseYaml, withValue, type YamlDocument } from './load.js';
import type { RawSync } from './raw.js';
import { checkDuplicateMappingFiles, checkMappingRefs, checkStoreKey, checkTariffTable, checkTypes, checkUrls } from './rules.js';
import { findMappingReferences } from './mapping-references.js';
import { resolveSecrets } from './secrets.js';
import type { SyncConfig } from './types.js';
import { validateMappingDocument, validateSyncDocument } from './validate.js';
import { loadInventory } from '../inventory/load.js';
import type { Inventory } from '../inventory/types.js';

export type { SyncConfig, LoadedYaml, SourceConfig, TargetConfig } from './types.js';
export { parseYaml, loadYamlFile, type YamlDocument } from './load.js';

/** One file through parse → schema → secrets; `doc` is absent when it could not be parsed. */
interface Stage {
  readonly doc?: YamlDocument;
  /** Schema-valid and every reference resolved: safe to cross-check and use. */
  readonly clean: boolean;
  readonly redacted?: unknown;
}

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
  const abs = resolve(file);
  const dir = dirname(abs);
  const secretsDir = opts.secretsDir ?? dir;
  const errors: BillsyncError[] = [];
  const secrets = new Set<string>();

  const stage = (text: string, display: string, validate: (d: YamlDocument) => BillsyncError[], kind: 'sync' | 'mapping'): Stage => {
    const parsed = tryParseYaml(text, display);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      return { clean: false };
    }
    const schemaErrors = validate(parsed.doc);
    errors.push(...schemaErrors);
    if (kind === 'mapping') {
      // A mapping reads subscriber fields only: a reference is an error, and nothing resolves it.
      const refs = findMappingReferences(parsed.doc);
      if (refs.length > 0) {
        errors.push(...refs);
        return { doc: parsed.doc, clean: false, redacted: parsed.doc.value };
      }
    }
    // Secrets resolve even when the schema failed, so one run reports missing variables too. A
    // mapping has no references left; resolving it only turns `$${` into `${` and redacts values
    // under secret-looking keys — with an empty environment and no directory, to be sure.
    const r = resolveSecrets(parsed.doc, kind === 'sync' ? { env, baseDir: secretsDir } : { env: {}, baseDir: '/nonexistent' });
    errors.push(...r.errors);
    for (const s of r.secretValues) secrets.add(s);
    return { doc: withValue(parsed.doc, r.value), clean: schemaErrors.length === 0 && r.errors.length === 0, redacted: r.redacted };
  };

  const syncText = await readText(abs, 'create it (e.g. copy sync.yaml.example to sync.yaml) or pass -c path/to/sync.yaml').catch(
    (err: unknown) => {
      throw new ConfigErrors([err instanceof BillsyncError ? err : new BillsyncError('INTERNAL', String(err))]);
    },
  );
  const sync = stage(syncText, displayPath(abs), validateSyncDocument, 'sync');
  if (!sync.doc || !sync.clean) {
    // Without a valid sync.yaml the mapping list cannot be trusted; still read the mapping
    // files when the list itself is usable, so their errors show up in the same run.
    if (!sync.doc || !isStringList((sync.doc.value as { mappings?: unknown } | null)?.mappings)) throw new ConfigErrors(errors);
  }
  const syncDoc = sync.doc;
  const raw = syncDoc.value as RawSync;

  const duplicates = checkDuplicateMappingFiles(syncDoc, dir);
  errors.push(...duplicates);
  const mappings: { doc: YamlDocument; clean: boolean; rel: string; redacted: unknown }[] = [];
  const loaded = new Set<string>();
  for (const [i, entry] of raw.mappings.entries()) {
    const full = resolve(dir, entry);
    if (loaded.has(full)) continue;
    loaded.add(full);
    let text: string;
    try {
      text = await readText(full);
    } catch (err) {
      const e = err instanceof BillsyncError ? err : new BillsyncError('INTERNAL', String(err));
      errors.push(
        new BillsyncError('CONFIG_NOT_FOUND', e.message, {
          position: syncDoc.positionOf(['mappings', i]),
          path: `mappings.${i}`,
          fix: `fix the path (relative to ${displayPath(dir) || '.'}) or create the file`,
        }),
      );
      continue;
    }
    const m = stage(text, displayPath(full), validateMappingDocument, 'mapping');
    if (m.doc) mappings.push({ doc: m.doc, clean: m.clean, rel: relative(dir, full), redacted: m.redacted });
  }

  const inventories: Record<string, Inventory> = {};
  const inventoryHash: { target: string; file: string; entities: unknown }[] = [];
  const inventoryFiles: string[] = [];
  for (const [name, block] of Object.entries(isRecord(raw.targets) ? raw.targets : {})) {
    const ref = isRecord(block) ? block.inventory : undefined;
    if (ref === undefined) continue;
    // Only smartyard targets have one; the schema refuses the key (and a non-path) elsewhere.
    if (block.type !== 'smartyard' || typeof ref !== 'string' || ref.trim() === '') continue;
    const path = ['targets', name, 'inventory'];
    const namedAt = { position: syncDoc.positionOf(path), path: path.join('.') };
    const full = resolve(dir, ref);
    inventoryFiles.push(displayPath(full));
    const r = await loadInventory({ target: name, file: full, display: displayPath(full), env, baseDir: secretsDir, namedAt });
    errors.push(...r.errors);
    for (const s of r.secretValues) secrets.add(s);
    if (r.inventory) {
      inventories[name] = r.inventory;
      inventoryHash.push({ target: name, file: relative(dir, full), entities: r.hashInput });
    }
  }

  // The rules skip whatever the schema rejected, so they run on every parsed file; only the
  // URL check waits for a clean sync.yaml (it would repeat the schema's URL pattern error).
  errors.push(...checkTypes(syncDoc));
  if (sync.clean) errors.push(...checkUrls(syncDoc), ...checkStoreKey(syncDoc));
  for (const m of mappings) errors.push(...checkMappingRefs(m.doc, syncDoc), ...checkTariffTable(m.doc));
  const daemon = sync.clean ? buildDaemon(syncDoc) : undefined;
  if (daemon && 'errors' in daemon) errors.push(...daemon.errors);
  const bridges = sync.clean ? buildBridges(syncDoc, (p) => resolve(dir, p)) : undefined;
  if (bridges && 'errors' in bridges) errors.push(...bridges.errors);
  if (errors.length > 0) throw new ConfigErrors(inReadingOrder(errors, [syncDoc.file, ...mappings.map((m) => m.doc.file), ...inventoryFiles]));

  // The daemon section changes no plan, so editing it does not make saved plans stale. An
  // inventory does: its desired entities are hashed (credentials as digests).
  const hashInput = {
    sync: withoutBridges(withoutDaemon(sync.redacted)),
    mappings: mappings.map((m) => ({ file: m.rel, value: m.redacted })),
    ...(inventoryHash.length > 0 ? { inventories: inventoryHash } : {}),
  };
  return {
    file: abs,
    dir,
    // An empty key (`${BILLSYNC_STORE_KEY:-}` unset) is no key: SQLite then uses its key file.
    store: { url: raw.store?.url ?? DEFAULT_STORE_URL, ...(raw.store?.secret_key ? { secretKey: raw.store.secret_key } : {}) },
    sources: buildSources(raw, syncDoc.keyPositionOf),
    targets: buildTargets(raw, syncDoc.keyPositionOf),
    ...(daemon && 'daemon' in daemon ? { daemon: daemon.daemon } : {}),
    ...(bridges && 'bridges' in bridges && bridges.bridges ? { bridges: bridges.bridges } : {}),
    mappings: mappings.map((m) => m.doc),
    inventories,
    secretValues: [...secrets],
    hash: sha256(canonicalJson(hashInput)),
  };
}

/** Errors file by file (in the order the files were read), then by line and column. */
function inReadingOrder(errors: readonly BillsyncError[], files: readonly string[]): BillsyncError[] {
  const rank = (e: BillsyncError): [number, number, number] => {
    const p = e.position;
    if (!p) return [-1, 0, 0];
    const i = files.indexOf(p.file);
    return [i < 0 ? files.length : i, p.line, p.col];
  };
  return errors
    .map((e) => ({ e, r: rank(e) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.r[2] - b.r[2])
    .map((x) => x.e);
}

/** A path as the operator would type it: relative to the working directory when inside it. */
function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '');
}
