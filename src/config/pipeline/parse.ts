/** Stage 2, parse: YAML text → a document that keeps every node's file:line:col. */
import { tryParseYaml, type YamlDocument } from '../load.js';
import type { LoadContext } from './context.js';
import type { ConfigFile } from './read.js';

/** The parsed document; undefined (its errors recorded) when the text is not YAML. */
export function parseFile(ctx: LoadContext, file: ConfigFile): YamlDocument | undefined {
  const parsed = tryParseYaml(file.text, file.display);
  if (!parsed.ok) {
    ctx.errors.push(...parsed.errors);
    return undefined;
  }
  ctx.files.push(parsed.doc.file);
  return parsed.doc;
}
