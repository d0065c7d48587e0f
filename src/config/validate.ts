/**
 * Schema validation of sync.yaml and mapping files (JSON Schema 2020-12) with ajv. Every problem
 * becomes a CONFIG_SCHEMA error at the offending node. sync.yaml's schema is built from the
 * adapter registries (schema/sync-schema.ts); the mapping schema is schemas/mapping.schema.json.
 */
import type { BillsyncError } from '../model/errors.js';
import { SOURCES } from '../sources/registry.js';
import { TARGETS } from '../targets/registry.js';
import type { YamlDocument } from './load.js';
import { compileSchema, validateDocument, type CompiledSchema } from './schema/ajv.js';
import type { JsonSchema } from './schema/json-schema.js';
import { readSchema } from './schema/read-schema.js';
import { buildSyncSchema } from './schema/sync-schema.js';


let sync: CompiledSchema | undefined;
let mapping: CompiledSchema | undefined;

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
  mapping ??= compileSchema(readSchema('mapping.schema.json', import.meta.url, 1));
  return validateDocument(mapping, doc);
}
