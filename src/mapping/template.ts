/**
 * Templates: strings with `{{ expr }}` parts, compiled once into closures over a Subscriber.
 *
 * - exactly one `{{ expr }}` and nothing else: the value keeps its type (number, boolean, list);
 * - text mixed with expressions: always text; missing parts become '' and lists are joined
 *   with ', ';
 * - no `{{` at all: a constant.
 * A result that is missing or '' is `null` ("explicitly empty").
 */
import type { Subscriber } from '../model/subscriber.js';
import { didYouMean } from '../util/suggest.js';
import { MappingValueError, TemplateSyntaxError, describeValue } from './errors.js';
import { FUNCTIONS, checkArgs, type PipeFn } from './expr-functions.js';
import { parseExpression, type ExprNode } from './expr-parse.js';
import { checkPath, compilePath } from './subscriber-path.js';

/** Evaluates a template for one subscriber. May throw MappingValueError. */
export type TemplateFn = (sub: Subscriber) => unknown;

export interface CompiledTemplate {
  /** The template text as written, for messages and `explain`. */
  readonly source: string;
  /** True when there is no `{{ }}` in it: every subscriber gets `constant`. */
  readonly isConstant: boolean;
  readonly constant: unknown;
  readonly evaluate: TemplateFn;
}

const normalise = (v: unknown): unknown => (v === undefined || v === '' ? null : v);

/** Compiles one `{{ }}` expression (already parsed) into a closure. */
function compileExpr(node: ExprNode): TemplateFn {
  checkPath(node.path);
  const read = compilePath(node.path);
  const steps: PipeFn[] = node.pipes.map((call) => {
    const def = Object.hasOwn(FUNCTIONS, call.name) ? FUNCTIONS[call.name] : undefined;
    if (def === undefined) {
      const known = Object.keys(FUNCTIONS);
      throw new TemplateSyntaxError(
        `unknown function '${call.name}' (functions: ${known.join(', ')})${didYouMean(call.name, known)}`,
        call.col,
      );
    }
    const problem = checkArgs(call.name, def, call.args);
    if (problem !== undefined) throw new TemplateSyntaxError(problem, call.col);
    try {
      return def.make(call.args);
    } catch (e) {
      throw new TemplateSyntaxError((e as Error).message, call.col);
    }
  });
  if (steps.length === 0) return read;
  return (sub) => {
    let v = read(sub);
    for (let i = 0; i < steps.length; i++) v = (steps[i] as PipeFn)(v);
    return v;
  };
}

/** Text of one part of a mixed template. */
function partText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(partText).filter((s) => s !== '').join(', ');
  throw new MappingValueError(`cannot put ${describeValue(v)} into text`);
}

/**
 * Compiles a template. Throws TemplateSyntaxError (with the 1-based column inside `src`)
 * for syntax errors, unknown fields, unknown functions and wrong arguments.
 */
export function compileTemplate(src: string): CompiledTemplate {
  const parts: (string | TemplateFn)[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      parts.push(src.slice(i));
      break;
    }
    if (open > i) parts.push(src.slice(i, open));
    const { node, end } = parseExpression(src, open + 2);
    parts.push(compileExpr(node));
    i = end;
  }
  if (parts.every((p) => typeof p === 'string')) {
    const constant = normalise(parts.join(''));
    return { source: src, isConstant: true, constant, evaluate: () => constant };
  }
  const only = parts[0];
  if (parts.length === 1 && typeof only === 'function') {
    return { source: src, isConstant: false, constant: undefined, evaluate: (sub) => normalise(only(sub)) };
  }
  return {
    source: src,
    isConstant: false,
    constant: undefined,
    evaluate: (sub) => {
      let out = '';
      for (let k = 0; k < parts.length; k++) {
        const p = parts[k];
        out += typeof p === 'string' ? p : partText(p?.(sub));
      }
      return out === '' ? null : out;
    },
  };
}
