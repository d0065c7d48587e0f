/**
 * Compiling a bridge mapping's field templates (the template language of mappings/), with the
 * secret guard, and reading their values as the types contracts want.
 */
import type { LoadedYaml, YamlPath } from '../config/types.js';
import { ConfigErrors } from '../model/errors.js';
import type { Subscriber } from '../model/subscriber.js';
import { CompileContext } from '../mapping/compile-context.js';
import type { CompiledValue } from '../mapping/compiled.js';
import { secretPathIn } from './secret-guard.js';

/** A compiled field: evaluates for a subscriber, never throws (a bad value reads as null). */
export type FieldFn = (sub: Subscriber) => unknown;

export class BridgeCompiler {
  private readonly ctx: CompileContext;

  constructor(
    readonly doc: LoadedYaml,
    /** Output fields the contract declares secret (usm_billing's `password`): only they may read one. */
    private readonly secretFields: ReadonlySet<string> = new Set(),
  ) {
    this.ctx = new CompileContext(doc);
  }

  problem(path: YamlPath, message: string, fix?: string): void {
    this.ctx.problem(path, message, fix);
  }

  /** Compiles the template at `path` (absent → `fallback`, a literal or template text). */
  field(path: YamlPath, raw: unknown, fallback?: unknown): FieldFn {
    const src = raw === undefined ? fallback : raw;
    if (src === undefined) return () => null;
    const name = String(path[path.length - 1]);
    if (typeof src === 'string' && raw !== undefined) {
      const secret = secretPathIn(src);
      if (secret !== undefined && !this.secretFields.has(name)) {
        this.problem(path, `'${name}' reads '${secret}', which looks like a secret; answers never carry secrets outside a field the contract has for one`, this.secretFields.size > 0 ? `only ${[...this.secretFields].join(', ')} may read a secret; map '${name}' from another field` : 'map this field from another field');
        return () => null;
      }
    }
    const v: CompiledValue | undefined = this.ctx.value(path, src, `'${path.join('.')}'`);
    if (v === undefined) return () => null;
    const t = v.template;
    if (t.isConstant) {
      const c = t.constant;
      return () => c;
    }
    return (sub) => {
      try {
        return t.evaluate(sub);
      } catch {
        return null;
      }
    };
  }

  /** Throws every problem found, as ConfigErrors naming file:line:col. */
  finish(): void {
    if (this.ctx.problems.length > 0) throw new ConfigErrors(this.ctx.problems);
  }
}

/** A number from a mapped value (`'12.5'`, 12.5); null when there is none or it is not one. */
export function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim().replace(',', '.'));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Text from a mapped value; null for nothing, lists and objects. */
export function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** A list of texts from a mapped value (a single value is a list of one). */
export function textsOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const x of list) {
    const t = textOf(x);
    if (t !== null) out.push(t);
  }
  return out;
}

/** `YYYY-MM-DD` from an ISO date or timestamp; null otherwise. */
export function dateOf(v: unknown): string | null {
  const t = textOf(v);
  if (t === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(t);
  if (m) return m[1]!;
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})/.exec(t);
  return ru ? `${ru[3]}-${ru[2]}-${ru[1]}` : null;
}

/** A mapping's sub-object at `key` (absent → {}); records a problem when it is not a mapping. */
export function section(c: BridgeCompiler, value: Readonly<Record<string, unknown>>, key: string): Readonly<Record<string, unknown>> {
  const v = value[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    c.problem([key], `'${key}' must be a mapping (key: value lines)`);
    return {};
  }
  return v as Record<string, unknown>;
}
