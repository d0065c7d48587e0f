/**
 * Schema validation of sync.yaml, mapping files and inventory files (schemas/*.schema.json,
 * JSON Schema 2020-12) with ajv. Every problem becomes a CONFIG_SCHEMA error at the offending node.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { BillsyncError } from '../model/errors.js';
import type { YamlDocument } from './load.js';
import { describeError } from './schema-messages.js';
import { safeRegexProblem } from '../mapping/safe-regex.js';

type Obj = Readonly<Record<string, unknown>>;

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the
// module object at type level, so take the callable from whichever shape we get.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

interface Compiled {
  readonly sync: ValidateFunction;
  readonly mapping: ValidateFunction;
  readonly inventory: ValidateFunction;
  readonly syncSchema: Obj;
  readonly mappingSchema: Obj;
  readonly inventorySchema: Obj;
}

let compiled: Compiled | undefined;

/**
 * Reads a schema from the repository's schemas/ directory. Read at run time rather than
 * imported: the build's rootDir is src/, and both src/config/ and dist/config/ sit two levels
 * below the package root, so one relative URL serves both.
 */
function readSchema(name: string): Obj {
  const value: unknown = JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BillsyncError('INTERNAL', `internal error: schemas/${name} is not a JSON object`);
  }
  return value as Obj;
}

function validators(): Compiled {
  if (compiled) return compiled;
  const syncSchema = readSchema('sync.schema.json');
  const mappingSchema = readSchema('mapping.schema.json');
  const inventorySchema = readSchema('smartyard-inventory.schema.json');
  // verbose: errors carry parentSchema (for x-expected) and data (to say what was found).
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  // Mapping patterns run on RE2 (mapping/safe-regex.ts): check them with the engine that runs them.
  ajv.addFormat('re2', { type: 'string', validate: (s: string) => safeRegexProblem(s) === undefined });
  // Annotations for our messages; editors ignore unknown x- keywords.
  ajv.addVocabulary(['x-expected', 'x-type-of']);
  compiled = {
    sync: ajv.compile(syncSchema),
    mapping: ajv.compile(mappingSchema),
    inventory: ajv.compile(inventorySchema),
    syncSchema,
    mappingSchema,
    inventorySchema,
  };
  return compiled;
}

/** Validates a parsed sync.yaml; returns every problem (empty when valid). */
export function validateSyncDocument(doc: YamlDocument): BillsyncError[] {
  const v = validators();
  return run(v.sync, v.syncSchema, doc);
}

/** Validates a parsed mapping file; returns every problem (empty when valid). */
export function validateMappingDocument(doc: YamlDocument): BillsyncError[] {
  const v = validators();
  return run(v.mapping, v.mappingSchema, doc);
}

/** Validates a parsed SmartYard inventory file; returns every problem (empty when valid). */
export function validateInventoryDocument(doc: YamlDocument): BillsyncError[] {
  const v = validators();
  return run(v.inventory, v.inventorySchema, doc);
}

function run(validate: ValidateFunction, root: Obj, doc: YamlDocument): BillsyncError[] {
  if (validate(doc.value)) return [];
  return toErrors(validate.errors ?? [], root, doc);
}

/** ajv errors → CONFIG_SCHEMA errors, deduplicated, in document order. */
export function toErrors(errors: readonly ErrorObject[], root: Obj, doc: YamlDocument): BillsyncError[] {
  const seen = new Set<string>();
  const out: BillsyncError[] = [];
  for (const e of errors) {
    const p = describeError(e, root);
    if (!p) continue;
    const dotted = p.path.join('.');
    const id = `${dotted}\u0000${p.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const position = p.atKey ? doc.keyPositionOf(p.path) : doc.positionOf(p.path);
    out.push(new BillsyncError('CONFIG_SCHEMA', p.message, { position, path: dotted || '(top level)', fix: p.fix }));
  }
  return out.sort(
    (a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0),
  );
}
