/**
 * `${ENV_VAR}`, `${ENV_VAR:-default}` and `${file:/path}` references in config string values.
 * Resolution also yields the secret values (for log redaction) and a redacted copy of the
 * document (for the config hash), so no secret ever reaches a hash, plan or report.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { BillsyncError } from '../model/errors.js';
import type { LoadedYaml, YamlPath } from './types.js';

/** What replaces a secret in the hashed copy of the config. */
export const SECRET_PLACEHOLDER = '[secret]';

/** Result of resolving one document. */
export interface SecretResolution {
  /** The document's value with every reference replaced. */
  readonly value: unknown;
  /** The same, with secret strings replaced by `[secret]` (input of the config hash). */
  readonly redacted: unknown;
  readonly secretValues: readonly string[];
  readonly errors: readonly BillsyncError[];
}

export interface SecretOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Directory relative `${file:…}` paths resolve against (sync.yaml's directory). */
  readonly baseDir: string;
}

const SECRET_KEY = /(^|_)(password|passwd|api_key|apikey|token|secret|secret_key)$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether values under this key are secrets (password, api_key, token, secret, secret_key, db_password…). */
export function isSecretKey(key: string | number | undefined): boolean {
  return typeof key === 'string' && SECRET_KEY.test(key);
}

/** Resolves every reference in `doc.value`; errors carry the position of the offending value. */
export function resolveSecrets(doc: LoadedYaml, opts: SecretOptions): SecretResolution {
  const secrets = new Set<string>();
  const errors: BillsyncError[] = [];

  const visit = (v: unknown, path: YamlPath): { value: unknown; redacted: unknown } => {
    if (Array.isArray(v)) {
      const out = v.map((x, i) => visit(x, [...path, i]));
      return { value: out.map((o) => o.value), redacted: out.map((o) => o.redacted) };
    }
    if (typeof v === 'object' && v !== null) {
      const value: [string, unknown][] = [];
      const redacted: [string, unknown][] = [];
      for (const [k, x] of Object.entries(v)) {
        const o = visit(x, [...path, k]);
        value.push([k, o.value]);
        redacted.push([k, o.redacted]);
      }
      // fromEntries defines own properties: `obj[k] = …` would turn a `__proto__` key into a
      // prototype change and drop the entry (load.ts refuses such keys; this never drops one).
      return { value: Object.fromEntries(value), redacted: Object.fromEntries(redacted) };
    }
    const secretKey = isSecretKey(path[path.length - 1]);
    if (typeof v !== 'string') {
      // A number under `password:` is still a password.
      if (secretKey && (typeof v === 'number' || typeof v === 'boolean')) {
        secrets.add(String(v));
        return { value: v, redacted: SECRET_PLACEHOLDER };
      }
      return { value: v, redacted: v };
    }
    const r = expand(v, opts);
    if ('error' in r) {
      errors.push(new BillsyncError('CONFIG_SECRET', r.error, { position: doc.positionOf(path), path: path.join('.'), fix: r.fix }));
      return { value: v, redacted: SECRET_PLACEHOLDER };
    }
    for (const piece of r.filePieces) if (piece !== '') secrets.add(piece);
    if (secretKey || r.filePieces.length > 0) {
      if (r.text !== '') secrets.add(r.text);
      return { value: r.text, redacted: SECRET_PLACEHOLDER };
    }
    const urlSecret = urlPassword(r.text);
    if (urlSecret) {
      for (const s of urlSecret.values) secrets.add(s);
      return { value: r.text, redacted: urlSecret.redacted };
    }
    return { value: r.text, redacted: r.text };
  };

  const out = visit(doc.value, []);
  return { value: out.value, redacted: out.redacted, secretValues: [...secrets], errors };
}

type Expanded = { text: string; filePieces: string[] } | { error: string; fix: string };

/** Expands the references in one string. `$${` is a literal `${`. */
function expand(s: string, opts: SecretOptions): Expanded {
  const syntaxFix = 'use ${ENV_VAR}, ${ENV_VAR:-default} or ${file:/path}; write $${ for a literal ${';
  let text = '';
  const filePieces: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i)) {
      text += '${';
      i += 3;
      continue;
    }
    if (!s.startsWith('${', i)) {
      text += s.charAt(i);
      i += 1;
      continue;
    }
    const end = s.indexOf('}', i + 2);
    if (end < 0) return { error: 'unterminated ${ reference (no closing })', fix: syntaxFix };
    const ref = s.slice(i + 2, end);
    i = end + 1;
    if (ref.startsWith('file:')) {
      const r = readSecretFile(ref.slice(5).trim(), opts.baseDir);
      if ('error' in r) return r;
      filePieces.push(r.text);
      text += r.text;
      continue;
    }
    const sep = ref.indexOf(':-');
    const name = sep < 0 ? ref : ref.slice(0, sep);
    if (!ENV_NAME.test(name)) return { error: `invalid reference \${${ref}}`, fix: syntaxFix };
    const val = opts.env[name];
    if (val !== undefined && val !== '') text += val;
    else if (sep >= 0) text += ref.slice(sep + 2);
    else {
      // An empty variable is treated as missing: an empty password or URL is never intended,
      // and failing here is safer than talking to a system with blank credentials.
      return {
        error: `environment variable ${name} is ${val === undefined ? 'not set' : 'empty'}`,
        fix: `export ${name}=… before running billsync, or use \${file:/path/to/secret}`,
      };
    }
  }
  return { text, filePieces };
}

function readSecretFile(p: string, baseDir: string): { text: string } | { error: string; fix: string } {
  if (p === '') return { error: 'empty path in ${file:}', fix: 'write ${file:/path/to/secret}' };
  const full = isAbsolute(p) ? p : resolve(baseDir, p);
  try {
    // Secret files written by editors or `echo` end with a newline that is not part of the secret.
    return { text: readFileSync(full, 'utf8').replace(/(\r?\n)+$/, '') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return {
      error: `cannot read secret file ${full} (${code})`,
      fix: `create the file or fix the path (relative paths are relative to ${baseDir}); check it is readable by this user`,
    };
  }
}

/** The password part of `scheme://user:pass@host…`, decoded and as written, and the redacted URL. */
function urlPassword(s: string): { values: string[]; redacted: string } | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(s)) return undefined;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return undefined;
  }
  if (u.password === '') return undefined;
  const raw = u.password;
  const values = [raw];
  try {
    const decoded = decodeURIComponent(raw);
    if (decoded !== raw) values.push(decoded);
  } catch {
    // A malformed escape is kept as written; it is still redacted.
  }
  u.password = 'secret';
  return { values, redacted: u.toString() };
}
