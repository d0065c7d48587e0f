/**
 * Stage 4, secrets: `${ENV}`, `${ENV:-default}` and `${file:…}` resolved (../secrets.ts). They
 * resolve even when the schema failed, so one run reports missing variables too. A mapping has
 * no references (the schema stage refused them); resolving it only turns `$${` into `${` and
 * redacts values under secret-looking keys — with an empty environment and no directory, to be sure.
 */
import { withValue, type YamlDocument } from '../load.js';
import { resolveSecrets } from '../secrets.js';
import type { LoadContext } from './context.js';
import type { FileKind } from './schema.js';

export interface ResolvedFile {
  /** The document with every reference replaced. */
  readonly doc: YamlDocument;
  /** Every reference resolved. */
  readonly resolved: boolean;
  /** The value with secrets blanked: what the config hash covers. */
  readonly redacted: unknown;
}

export function resolveFile(ctx: LoadContext, doc: YamlDocument, kind: FileKind): ResolvedFile {
  const r = resolveSecrets(doc, kind === 'sync' ? { env: ctx.env, baseDir: ctx.secretsDir } : { env: {}, baseDir: '/nonexistent' });
  ctx.errors.push(...r.errors);
  for (const s of r.secretValues) ctx.secrets.add(s);
  return { doc: withValue(doc, r.value), resolved: r.errors.length === 0, redacted: r.redacted };
}
