/**
 * Stage 3, schema: sync.yaml against the schema built from the adapter registries, a mapping
 * file against schemas/mapping.schema.json — and a mapping may hold no `${…}` at all (it reads
 * subscriber fields only, see mapping-references.ts).
 */
import type { YamlDocument } from '../load.js';
import { findMappingReferences } from '../mapping-references.js';
import { validateMappingDocument, validateSyncDocument } from '../validate.js';
import type { LoadContext } from './context.js';

export type FileKind = 'sync' | 'mapping';

export interface SchemaVerdict {
  /** The document matches its schema. */
  readonly valid: boolean;
  /** A mapping file holds `${…}`: nothing may resolve it. */
  readonly refused: boolean;
}

export function checkSchema(ctx: LoadContext, doc: YamlDocument, kind: FileKind): SchemaVerdict {
  const errors = kind === 'sync' ? validateSyncDocument(doc) : validateMappingDocument(doc);
  ctx.errors.push(...errors);
  const refs = kind === 'mapping' ? findMappingReferences(doc) : [];
  ctx.errors.push(...refs);
  return { valid: errors.length === 0, refused: refs.length > 0 };
}
