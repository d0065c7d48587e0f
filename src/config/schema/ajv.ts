/**
 * The one ajv setup every schema of billsync is compiled with (JSON Schema 2020-12, all errors,
 * strict), and ajv's errors turned into positioned CONFIG_SCHEMA errors.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { BillsyncError } from '../../model/errors.js';
import { safeRegexProblem } from '../../mapping/safe-regex.js';
import type { YamlDocument } from '../load.js';
import { describeError } from '../schema-messages.js';
import type { JsonSchema } from './json-schema.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the
// module object at type level, so take the callable from whichever shape we get.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

let shared: Ajv2020 | undefined;

function ajv(): Ajv2020 {
  if (shared) return shared;
  // verbose: errors carry parentSchema (for x-expected) and data (to say what was found).
  shared = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  addFormats(shared);
  // Mapping patterns run on RE2 (mapping/safe-regex.ts): check them with the engine that runs them.
  shared.addFormat('re2', { type: 'string', validate: (s: string) => safeRegexProblem(s) === undefined });
  // Annotations for our messages; editors ignore unknown x- keywords.
  shared.addVocabulary(['x-expected', 'x-type-of']);
  return shared;
}

/** A compiled schema: validate a value and get ajv's errors. */
export interface CompiledSchema {
  readonly schema: JsonSchema;
  readonly validate: ValidateFunction;
}

/** Compiles `schema` (compile once and keep it: each compile costs milliseconds). */
export function compileSchema(schema: JsonSchema): CompiledSchema {
  return { schema, validate: ajv().compile(schema) };
}

/** Validates a parsed document; every problem as a CONFIG_SCHEMA error (empty when valid). */
export function validateDocument(compiled: CompiledSchema, doc: YamlDocument): BillsyncError[] {
  if (compiled.validate(doc.value)) return [];
  return toErrors(compiled.validate.errors ?? [], compiled.schema, doc);
}

/** ajv errors → CONFIG_SCHEMA errors, deduplicated, in document order. */
export function toErrors(errors: readonly ErrorObject[], root: JsonSchema, doc: YamlDocument): BillsyncError[] {
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
