/**
 * Loads a SmartYard target's inventory file (`targets.<name>.inventory`, the state this target
 * declares in config; see the descriptor in ../index.ts): parse (with positions) → schema
 * (schemas/smartyard-inventory.schema.json) → `${…}` resolution → cross-checks → entities and
 * the access index. Errors are collected, never thrown, so `billsync validate` lists them with
 * the rest of the configuration's. Reads files only.
 */
import type { Entity } from '../../../model/entity.js';
import { BillsyncError } from '../../../model/errors.js';
import { legacySecretDigest } from '../../../model/secret-digest.js';
import { readText, tryParseYaml } from '../../../config/load.js';
import { resolveSecrets } from '../../../config/secrets.js';
import { readSchema } from '../../../config/schema/read-schema.js';
import { compileSchema, validateDocument, type CompiledSchema } from '../../../config/schema/ajv.js';
import type { YamlDocument } from '../../../config/load.js';
import { buildAccessIndex } from './access.js';
import { expandInventory } from './expand.js';
import { DEVICE_KIND, SECRET_DEVICE_FIELDS, SECRET_DOOR_FIELDS } from './fields.js';
import { checkInventory } from './rules.js';
import type { Inventory, RawInventory } from './types.js';
import type { DeclaredStateContext } from '../../../config/adapter-descriptor.js';

/** What the loader is told: which target, which file, where sync.yaml names it. */
export type InventoryLoadOptions = DeclaredStateContext;

export interface InventoryLoad {
  /** Present when the file is free of errors. */
  readonly inventory?: Inventory;
  readonly errors: readonly BillsyncError[];
  /** Every credential the file resolves to, for log redaction (also when it has errors). */
  readonly secretValues: readonly string[];
  /** What the configuration hash covers: the desired entities, secret values as digests. */
  readonly hashInput?: unknown;
}

let schema: CompiledSchema | undefined;

/** Validates a parsed inventory file against its schema; every problem (empty when valid). */
export function validateInventoryDocument(doc: YamlDocument): BillsyncError[] {
  // This module sits three levels below src/ (targets/smartyard/inventory/).
  schema ??= compileSchema(readSchema('smartyard-inventory.schema.json', import.meta.url, 3));
  return validateDocument(schema, doc);
}

export async function loadInventory(opts: InventoryLoadOptions): Promise<InventoryLoad> {
  let text: string;
  try {
    text = await readText(opts.file);
  } catch (err) {
    const message = err instanceof BillsyncError ? err.message : String(err);
    const fix = `fix the path (relative to ${opts.baseDir}) or create the file`;
    return { errors: [new BillsyncError('CONFIG_NOT_FOUND', `inventory of target ${opts.target}: ${message}`, { ...opts.namedAt, fix })], secretValues: [] };
  }
  const parsed = tryParseYaml(text, opts.display);
  if (!parsed.ok) return { errors: parsed.errors, secretValues: [] };
  const schemaErrors = validateInventoryDocument(parsed.doc);
  // Secrets resolve even when the schema failed, so one run reports missing variables too.
  const r = resolveSecrets(parsed.doc, { env: opts.env, baseDir: opts.baseDir });
  const secretValues = [...r.secretValues, ...secretFieldValues(r.value)];
  if (schemaErrors.length > 0 || r.errors.length > 0) return { errors: [...schemaErrors, ...r.errors], secretValues };

  const doc = { ...parsed.doc, value: r.value };
  const ruleErrors = checkInventory(doc, parsed.doc.value);
  if (ruleErrors.length > 0) return { errors: ruleErrors, secretValues };
  const raw = r.value as RawInventory;
  const entities = expandInventory(opts.target, raw);
  return {
    inventory: { target: opts.target, file: opts.display, entities, access: buildAccessIndex(opts.target, opts.display, raw) },
    errors: [],
    secretValues,
    hashInput: entities.map(digestSecrets),
  };
}

type Rec = Readonly<Record<string, unknown>>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});

/** Whole values of the credential fields, wherever the (possibly malformed) file has them. */
function secretFieldValues(value: unknown): string[] {
  const out: string[] = [];
  const take = (o: Rec, fields: ReadonlySet<string>): void => {
    for (const f of fields) if (typeof o[f] === 'string' && o[f] !== '') out.push(o[f]);
  };
  for (const d of Object.values(rec(rec(value).devices))) {
    take(rec(d), SECRET_DEVICE_FIELDS);
    take(rec(rec(d).door), SECRET_DOOR_FIELDS);
  }
  for (const d of Object.values(rec(rec(value).doors))) take(rec(d), SECRET_DOOR_FIELDS);
  return out;
}

/**
 * An entity as the configuration hash sees it: secret attrs as digests, so a changed credential
 * changes the hash (a saved plan goes stale). The config is loaded before any store is open, so
 * there is no store key here: this is the old unkeyed digest, inside a hash over the whole
 * config. (A weakness left for later: with the config and a plan's configHash, one unknown
 * short credential could be guessed. Plans and the store hold no such digest.)
 */
function digestSecrets(e: Entity): unknown {
  const secret = e.kind === DEVICE_KIND ? SECRET_DEVICE_FIELDS : SECRET_DOOR_FIELDS;
  const attrs = Object.fromEntries(Object.entries(e.attrs).map(([k, v]) => [k, secret.has(k) && v !== null ? legacySecretDigest(v) : v]));
  return { kind: e.kind, key: e.key, attrs };
}
