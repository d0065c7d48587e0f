/** One file through stages 2–4: parse → schema → secrets. */
import type { YamlDocument } from '../load.js';
import type { LoadContext } from './context.js';
import { parseFile } from './parse.js';
import type { ConfigFile } from './read.js';
import { checkSchema, type FileKind } from './schema.js';
import { resolveFile } from './secrets.js';

export interface CheckedFile {
  readonly file: ConfigFile;
  /** Absent when the file could not be parsed. */
  readonly doc?: YamlDocument;
  /** Schema-valid and every reference resolved: safe to cross-check and use. */
  readonly clean: boolean;
  /** The value with secrets blanked, for the config hash. */
  readonly redacted?: unknown;
}

export function checkFile(ctx: LoadContext, file: ConfigFile, kind: FileKind): CheckedFile {
  const parsed = parseFile(ctx, file);
  if (!parsed) return { file, clean: false };
  const schema = checkSchema(ctx, parsed, kind);
  if (schema.refused) return { file, doc: parsed, clean: false, redacted: parsed.value };
  const r = resolveFile(ctx, parsed, kind);
  return { file, doc: r.doc, clean: schema.valid && r.resolved, redacted: r.redacted };
}
