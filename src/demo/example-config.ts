/**
 * sync.yaml.example and the shipped mappings, and configs for chosen pairs cut out of it: the
 * demo runs one pair at a time, and tests and benchmarks pick the pair they exercise (e.g.
 * LANBilling → Smarty, which the example does not list) with the example's own source and
 * target settings. A pair is named after its mapping file: `lanbilling-smotreshka` is
 * mappings/lanbilling-smotreshka.yaml.
 */
import { copyFile, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseDocument } from 'yaml';

/** sync.yaml.example at the package root (from src/demo or dist/demo alike). */
export const EXAMPLE_CONFIG = fileURLToPath(new URL('../../sync.yaml.example', import.meta.url));

/** The shipped mappings directory. */
export const MAPPINGS_DIR = fileURLToPath(new URL('../../mappings/', import.meta.url));

/** A pair as its mapping file says: source and target names in sync.yaml. */
export interface PairInfo {
  readonly pair: string;
  readonly source: string;
  readonly target: string;
  /** Path of the mapping file. */
  readonly mapping: string;
}

/** Every pair that ships in mappings/ (fixture files excluded), sorted by name. */
export async function shippedPairs(): Promise<string[]> {
  const files = await readdir(MAPPINGS_DIR);
  return files
    // A bridge's mapping (bridge-*.yaml) answers a platform's questions; it is not a pair.
    .filter((f) => /\.ya?ml$/.test(f) && !/\.test\.ya?ml$/.test(f) && !f.startsWith('bridge-'))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

/** The pairs sync.yaml.example lists under `mappings:`, in its order. */
export async function examplePairs(): Promise<string[]> {
  const example = parse(await readFile(EXAMPLE_CONFIG, 'utf8')) as { mappings: string[] };
  return example.mappings.map((m) => m.replace(/^mappings\//, '').replace(/\.ya?ml$/, ''));
}

/** Reads a shipped mapping's `source:` and `target:`. */
export async function pairInfo(pair: string): Promise<PairInfo> {
  const mapping = join(MAPPINGS_DIR, `${pair}.yaml`);
  const m = parse(await readFile(mapping, 'utf8')) as { source?: unknown; target?: unknown };
  if (typeof m.source !== 'string' || typeof m.target !== 'string') {
    throw new Error(`${mapping} names no source or target`);
  }
  return { pair, source: m.source, target: m.target, mapping };
}

/** A request rate cap as sync.yaml writes it (`rate: { requests, per_seconds }`). */
export interface RateCap {
  readonly requests: number;
  readonly per_seconds: number;
}

/** Settings a cut-down config changes from the example's. */
export interface PairConfigTuning {
  /**
   * Every kept source's and target's `rate:` instead of the example's. The example's caps are
   * polite to a real server (UserSide 20 requests/s); emulators on loopback need no politeness,
   * and a test that waits on a cap proves nothing but the wait.
   */
  readonly rate?: RateCap;
}

/**
 * sync.yaml.example cut down to `pairs`: their sources and targets (with the example's
 * settings and comments, unless `tuning` changes them) and their mapping files, in the order
 * given. Throws when a pair's source or target is not in the example.
 */
export async function pairConfigText(pairs: readonly string[], tuning: PairConfigTuning = {}): Promise<string> {
  const infos = await Promise.all(pairs.map(pairInfo));
  const doc = parseDocument(await readFile(EXAMPLE_CONFIG, 'utf8'));
  const keep = { sources: new Set(infos.map((i) => i.source)), targets: new Set(infos.map((i) => i.target)) };
  for (const side of ['sources', 'targets'] as const) {
    const declared = Object.keys((doc.get(side) as { toJSON(): Record<string, unknown> }).toJSON());
    for (const name of keep[side]) {
      if (!declared.includes(name)) throw new Error(`sync.yaml.example declares no ${side.slice(0, -1)} '${name}'`);
    }
    for (const name of declared) if (!keep[side].has(name)) doc.deleteIn([side, name]);
    if (tuning.rate) for (const name of keep[side]) doc.setIn([side, name, 'rate'], doc.createNode({ ...tuning.rate }, { flow: true }));
  }
  doc.set('mappings', doc.createNode(infos.map((i) => `mappings/${i.pair}.yaml`)));
  return doc.toString();
}

/**
 * Writes `dir/sync.yaml` for `pairs` (see pairConfigText) and copies their mapping files and
 * fixtures to `dir/mappings/`, and the directory of each kept target's inventory (with the
 * secret files its `${file:…}` references read) to the same place under `dir`, so the config is
 * complete on its own. Returns the sync.yaml path.
 */
export async function writePairConfig(dir: string, pairs: readonly string[], tuning: PairConfigTuning = {}): Promise<string> {
  await mkdir(join(dir, 'mappings'), { recursive: true });
  const file = join(dir, 'sync.yaml');
  const text = await pairConfigText(pairs, tuning);
  await writeFile(file, text);
  for (const pair of pairs) {
    await copyFile(join(MAPPINGS_DIR, `${pair}.yaml`), join(dir, 'mappings', `${pair}.yaml`));
    await copyFile(join(MAPPINGS_DIR, `${pair}.test.yaml`), join(dir, 'mappings', `${pair}.test.yaml`)).catch(() => undefined);
  }
  const root = dirname(EXAMPLE_CONFIG);
  for (const inventory of inventoriesOf(text)) {
    const from = dirname(normalize(inventory));
    // The example keeps inventories in a directory of their own (inventory/), never at its root.
    if (from === '.' || isAbsolute(from) || from.startsWith('..')) throw new Error(`sync.yaml.example: inventory ${inventory} must sit in a directory beside it`);
    await cp(join(root, from), join(dir, from), { recursive: true });
  }
  return file;
}

/** The `inventory:` paths of a config's targets, as written. */
function inventoriesOf(configText: string): string[] {
  const targets = (parse(configText) as { targets?: Record<string, { inventory?: unknown }> }).targets ?? {};
  return Object.values(targets).flatMap((t) => (typeof t.inventory === 'string' ? [t.inventory] : []));
}
