/**
 * Turns ajv errors into messages an operator can act on: where (config path), what was
 * expected in words (the schemas' `x-expected` annotations), what was found, and the fix.
 */
import { safeRegexProblem } from '../mapping/safe-regex.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { didYouMean } from '../util/suggest.js';
import { isSecretKey } from './secrets.js';

/** One schema problem, ready to become a BillsyncError. */
export interface SchemaProblem {
  readonly path: readonly string[];
  /** Point at the entry's key rather than its value (unknown keys, bad names). */
  readonly atKey: boolean;
  readonly message: string;
  readonly fix: string;
}

type Obj = Readonly<Record<string, unknown>>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Splits an ajv instancePath (`/a/b~1c`) into keys. */
export function pathOf(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Describes one ajv error; undefined for errors that only repeat another (if, propertyNames). */
export function describeError(e: ErrorObject, root: Obj): SchemaProblem | undefined {
  const path = pathOf(e.instancePath);
  const parent = isObj(e.parentSchema) ? e.parentSchema : {};
  const expected = typeof parent['x-expected'] === 'string' ? parent['x-expected'] : undefined;
  const params = e.params as Obj;
  const hidden = isSecretKey(path[path.length - 1]);
  const got = (v: unknown): string => (hidden ? 'a value (not shown: secret key)' : describe(v));

  // Errors inside `propertyNames` are about a key, not a value.
  if (e.propertyName !== undefined) {
    const name = e.propertyName;
    const what = expected ?? 'an allowed name';
    const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(String) : [];
    return {
      path: [...path, name],
      atKey: true,
      message: `'${name}' is not ${what}${didYouMean(name, allowed)}`,
      fix: allowed.length > 0 ? `use one of: ${allowed.join(', ')}` : `rename it to ${what}`,
    };
  }

  switch (e.keyword) {
    case 'if':
    case 'propertyNames':
      return undefined;
    case 'type': {
      const types = ([] as unknown[]).concat(params.type).map(String);
      return {
        path,
        atKey: false,
        message: `expected ${expected ?? types.map(typeWord).join(' or ')}, got ${got(e.data)}`,
        fix: path.length === 0 ? 'write key: value pairs at the top level of the file' : types.map(typeFix).join('; or '),
      };
    }
    case 'required': {
      const key = String(params.missingProperty);
      const props = isObj(parent.properties) ? parent.properties : {};
      const prop = props[key];
      const about = isObj(prop) && typeof prop.description === 'string' ? ` (${prop.description})` : '';
      return {
        path,
        atKey: true,
        message: `missing required key '${key}'`,
        fix: `add '${key}:'${path.length > 0 ? ` under ${path.join('.')}` : ' at the top level'}${about}`,
      };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      const known = knownKeys(parent, e.data, root);
      // A known key is reported "unevaluated" when its branch failed for another reason (a
      // missing sibling): the branch's own error already says what is wrong.
      if (known.includes(key)) return undefined;
      return {
        path: [...path, key],
        atKey: true,
        message: `unknown key '${key}'${didYouMean(key, known)}`,
        fix: known.length > 0 ? `remove it, or use one of: ${known.join(', ')}` : 'remove it',
      };
    }
    case 'enum': {
      const allowed = (Array.isArray(params.allowedValues) ? params.allowedValues : []).map(String);
      const side = parent['x-type-of'];
      // A block's `type`: the enum is the registry's list (config/schema/sync-schema.ts).
      if ((side === 'source' || side === 'target') && typeof e.data === 'string') {
        const message = `unknown ${side} type '${e.data}'${didYouMean(e.data, allowed)}`;
        return { path, atKey: false, message, fix: `use one of the supported ${side} types: ${allowed.join(', ')}` };
      }
      const shown = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
      return {
        path,
        atKey: false,
        message: `${got(e.data)} is not ${expected ?? 'an allowed value'}${didYouMean(shown ?? '', allowed)}`,
        fix: `use one of: ${allowed.join(', ')}`,
      };
    }
    case 'const':
      return {
        path,
        atKey: false,
        message: `expected ${JSON.stringify(params.allowedValue)}, got ${got(e.data)}`,
        fix: `write ${JSON.stringify(params.allowedValue)}`,
      };
    case 'pattern':
      return {
        path,
        atKey: false,
        message: `expected ${expected ?? `text matching ${String(params.pattern)}`}, got ${got(e.data)}`,
        fix: expected ? `write ${expected}` : `change it to match ${String(params.pattern)}`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        path,
        atKey: false,
        message: `must be ${String(params.comparison)} ${String(params.limit)}, got ${got(e.data)}`,
        fix: `use a number ${String(params.comparison)} ${String(params.limit)}`,
      };
    case 'minLength':
      return { path, atKey: false, message: 'must not be empty', fix: 'write a value or remove the key' };
    case 'minItems':
    case 'minProperties':
      return {
        path,
        atKey: false,
        message: `expected ${expected ?? `at least ${String(params.limit)} entries`}, got ${got(e.data)}`,
        fix: expected ? `write ${expected}` : `add at least ${String(params.limit)} entries`,
      };
    case 'format':
      if (params.format === 're2') {
        const why = typeof e.data === 'string' ? safeRegexProblem(e.data) : undefined;
        return {
          path,
          atKey: false,
          message: `${got(e.data)} is not a valid regular expression${why ? `: ${why}` : ''}`,
          fix: 'fix the regular expression (RE2 syntax: as JavaScript, without lookaround or backreferences)',
        };
      }
      return {
        path,
        atKey: false,
        message: `${got(e.data)} is not a valid ${params.format === 'regex' ? 'regular expression' : String(params.format)}`,
        fix: params.format === 'regex' ? 'fix the regular expression (JavaScript syntax)' : `write a valid ${String(params.format)}`,
      };
    default:
      return {
        path,
        atKey: false,
        message: expected ? `expected ${expected}` : (e.message ?? `fails ${e.keyword}`),
        fix: expected ? `write ${expected}` : 'see the schema description of this key',
      };
  }
}

/** A value in words, short: `the text 'x'`, `the number 3`, `a list`, `nothing`. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return 'an empty mapping';
    return `a mapping (${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''})`;
  }
  if (typeof v === 'string') return `the text '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'number') return `the number ${v}`;
  return String(v);
}

function typeWord(t: string): string {
  const words: Record<string, string> = {
    array: 'a list',
    object: 'a mapping (key: value pairs)',
    integer: 'a whole number',
    number: 'a number',
    string: 'text',
    boolean: 'true or false',
    null: 'nothing (null)',
  };
  return words[t] ?? t;
}

function typeFix(t: string): string {
  const fixes: Record<string, string> = {
    array: "write a YAML list: [a, b] or one '- item' per line",
    object: 'write key: value pairs indented under this key',
    integer: 'write a whole number without quotes',
    number: 'write a number without quotes',
    string: 'write text (quote it if it looks like a number or starts with a special character)',
    boolean: 'write true or false',
    null: 'leave it empty or write null',
  };
  return fixes[t] ?? `write a ${t}`;
}

/**
 * Keys the schema allows where an unknown key was found: its own `properties` plus those of
 * the `then` branches that apply to this object's `type` (so a hydra source is not told
 * about smarty's keys).
 */
function knownKeys(schema: Obj, data: unknown, root: Obj): string[] {
  const s = deref(schema, root);
  const keys = new Set(Object.keys(isObj(s.properties) ? s.properties : {}));
  for (const sub of Array.isArray(s.allOf) ? s.allOf : []) {
    if (!isObj(sub) || !isObj(sub.then)) continue;
    const cond = isObj(sub.if) && isObj(sub.if.properties) ? sub.if.properties.type : undefined;
    if (isObj(cond) && 'const' in cond && isObj(data) && data.type !== cond.const) continue;
    for (const k of knownKeys(sub.then, data, root)) keys.add(k);
  }
  return [...keys];
}

/** Follows a local `#/$defs/name` reference; other schemas are returned as they are. */
function deref(schema: Obj, root: Obj): Obj {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return schema;
  const defs = isObj(root.$defs) ? root.$defs : {};
  const target = defs[ref.slice('#/$defs/'.length)];
  return isObj(target) ? { ...target, ...schema, $ref: undefined } : schema;
}
