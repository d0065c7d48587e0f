/**
 * What the stages of loadConfig share: where sync.yaml is, the environment `${…}` reads, and
 * what has been found so far — every error (all are reported together, so `billsync validate`
 * shows them at once), every secret value (for redaction) and the files read (to order errors).
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { BillsyncError, ConfigErrors } from '../../model/errors.js';

export interface LoadContext {
  /** Absolute path of sync.yaml. */
  readonly file: string;
  /** Its directory: relative paths in it resolve against this. */
  readonly dir: string;
  /** Directory relative `${file:…}` paths resolve against. */
  readonly secretsDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly errors: BillsyncError[];
  readonly secrets: Set<string>;
  /** Files parsed, in reading order, as errors name them. */
  readonly files: string[];
}

export function loadContext(file: string, env: NodeJS.ProcessEnv, secretsDir: string | undefined): LoadContext {
  const abs = resolve(file);
  const dir = dirname(abs);
  return { file: abs, dir, secretsDir: secretsDir ?? dir, env, errors: [], secrets: new Set(), files: [] };
}

/** Throws every error found so far, file by file in reading order, then by line and column. */
export function throwIfErrors(ctx: LoadContext): void {
  if (ctx.errors.length > 0) throw new ConfigErrors(inReadingOrder(ctx.errors, ctx.files));
}

function inReadingOrder(errors: readonly BillsyncError[], files: readonly string[]): BillsyncError[] {
  const rank = (e: BillsyncError): [number, number, number] => {
    const p = e.position;
    if (!p) return [-1, 0, 0];
    const i = files.indexOf(p.file);
    return [i < 0 ? files.length : i, p.line, p.col];
  };
  return errors
    .map((e) => ({ e, r: rank(e) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.r[2] - b.r[2])
    .map((x) => x.e);
}

/** A path as the operator would type it: relative to the working directory when inside it. */
export function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

export function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
