/** Reading a JSON Schema file of the repository's schemas/ directory. */
import { readFileSync } from 'node:fs';
import { BillsyncError } from '../../model/errors.js';
import type { JsonSchema } from './json-schema.js';

/**
 * Reads a schema from the repository's schemas/ directory. `levels` is how deep the calling
 * module sits below src/ (or dist/, which mirrors it): one relative URL serves both.
 */
export function readSchema(name: string, from: string | URL, levels: number): JsonSchema {
  const value: unknown = JSON.parse(readFileSync(new URL(`${'../'.repeat(levels + 1)}schemas/${name}`, from), 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BillsyncError('INTERNAL', `internal error: schemas/${name} is not a JSON object`);
  }
  return value as JsonSchema;
}
