/**
 * Stage 1, read: sync.yaml's text, then the text of each mapping file it lists (each once). A
 * missing sync.yaml ends the load; a missing mapping file is an error at its line of `mappings:`.
 */
import { relative, resolve } from 'node:path';
import { BillsyncError, ConfigErrors } from '../../model/errors.js';
import { readText, type YamlDocument } from '../load.js';
import { displayPath, type LoadContext } from './context.js';

/** A file's text and how messages name it. */
export interface ConfigFile {
  readonly text: string;
  readonly display: string;
  /** Path relative to sync.yaml's directory (what the config hash names). */
  readonly rel: string;
}

export async function readSyncFile(ctx: LoadContext): Promise<ConfigFile> {
  const text = await readText(ctx.file, 'create it (e.g. copy sync.yaml.example to sync.yaml) or pass -c path/to/sync.yaml').catch((err: unknown) => {
    throw new ConfigErrors([err instanceof BillsyncError ? err : new BillsyncError('INTERNAL', String(err))]);
  });
  return { text, display: displayPath(ctx.file), rel: relative(ctx.dir, ctx.file) };
}

/** The mapping files `sync.mappings` lists (a string list, see usableSync), each read once. */
export async function readMappingFiles(ctx: LoadContext, sync: YamlDocument): Promise<ConfigFile[]> {
  const out: ConfigFile[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of ((sync.value as { mappings: readonly string[] }).mappings).entries()) {
    const full = resolve(ctx.dir, entry);
    if (seen.has(full)) continue;
    seen.add(full);
    try {
      out.push({ text: await readText(full), display: displayPath(full), rel: relative(ctx.dir, full) });
    } catch (err) {
      const e = err instanceof BillsyncError ? err : new BillsyncError('INTERNAL', String(err));
      ctx.errors.push(
        new BillsyncError('CONFIG_NOT_FOUND', e.message, {
          position: sync.positionOf(['mappings', i]),
          path: `mappings.${i}`,
          fix: `fix the path (relative to ${displayPath(ctx.dir) || '.'}) or create the file`,
        }),
      );
    }
  }
  return out;
}

/**
 * sync.yaml, when the mapping files can be read on its word. Without a valid sync.yaml the
 * mapping list cannot be trusted; the mapping files are still read when the list itself is
 * usable, so their errors show up in the same run. Otherwise the load ends here.
 */
export function withUsableMappingList(ctx: LoadContext, sync: { readonly doc?: YamlDocument; readonly clean: boolean }): YamlDocument {
  const doc = sync.doc;
  if (!doc || (!sync.clean && !isStringList((doc.value as { mappings?: unknown } | null)?.mappings))) throw new ConfigErrors(ctx.errors);
  return doc;
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '');
}
