/**
 * Schema validation of sync.yaml and mapping files (JSON Schema 2020-12) with ajv. Every problem
 * becomes a CONFIG_SCHEMA error at the offending node. sync.yaml's schema is built from the
 * adapter registries (schema/sync-schema.ts); the mapping schema is schemas/mapping.schema.json.
 */
import { readFileSync } from 'node:fs';
import { BillsyncError } from '../model/errors.js';
import { SOURCES } from '../sources/registry.js';
import { TARGETS } from '../targets/registry.js';
import type { YamlDocument } from './load.js';
import { compileSchema, validateDocument, type CompiledSchema } from './schema/ajv.js';
import type { JsonSchema } from './schema/json-schema.js';
import { buildSyncSchema } from './schema/sync-schema.js';

export { toErrors } from './schema/ajv.js';

let sync: CompiledSchema | undefined;
let mapping: CompiledSchema | undefined;

/**
 * Reads a schema from the repository's schemas/ directory. `levels` is how deep the calling
 * module sits below src/ (or dist/, which mirrors it): one relative URL serves both.
 */
export function readSchema(name: string, from: string | URL = import.meta.url, levels = 1): JsonSchema {
  const value: unknown = JSON.parse(readFileSync(new URL(`${'../'.repeat(levels + 1)}schemas/${name}`, from), 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BillsyncError('INTERNAL', `internal error: schemas/${name} is not a JSON object`);
  }
  return value as JsonSchema;
}

/** sync.yaml's schema for the registered adapters (what `npm run generate` writes). */
export function syncSchema(): JsonSchema {
  return buildSyncSchema(SOURCES, TARGETS);
}

/** Validates a parsed sync.yaml; returns every problem (empty when valid). */
export function validateSyncDocument(doc: YamlDocument): BillsyncError[] {
  sync ??= compileSchema(syncSchema());
  return validateDocument(sync, doc);
}

/** Validates a parsed mapping file; returns every problem (empty when valid). */
export function validateMappingDocument(doc: YamlDocument): BillsyncError[] {
  mapping ??= compileSchema(readSchema('mapping.schema.json'));
  return validateDocument(mapping, doc);
}
