/**
 * Shared state of one mapping compile: the document (for positions) and every problem found,
 * so `validate` can show all of them at once. Also compiles single values and attrs, which
 * entities and the status map share.
 */
import { RepeatedValues } from './repeated-values.js';
import type { YamlPath, LoadedYaml } from '../model/loaded-yaml.js';
import { BillsyncError } from '../model/errors.js';
import type { AttrSpec } from '../model/kind.js';
import { COERCE, coercionProblem } from './coerce.js';
import type { CompiledAttr, CompiledValue } from './compiled.js';
import { TemplateSyntaxError } from './errors.js';
import { compileTemplate } from './template.js';
import { attrCheck } from './value-limits.js';

export class CompileContext {
  readonly problems: BillsyncError[] = [];
  constructor(readonly doc: LoadedYaml) {}

  /** Records a problem at `path` of the mapping file. */
  problem(path: YamlPath, message: string, fix?: string): void {
    this.problems.push(
      new BillsyncError('MAPPING_COMPILE', message, {
        position: this.doc.positionOf(path),
        path: path.join('.'),
        ...(fix === undefined ? {} : { fix }),
      }),
    );
  }

  /**
   * Compiles a template or literal at `path`. Literals (numbers, booleans, null) become
   * constants; strings are templates. Returns undefined after recording a problem.
   */
  value(path: YamlPath, raw: unknown, label: string): CompiledValue | undefined {
    if (raw !== null && typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      this.problem(path, `${label} must be text, a number, true/false or null`);
      return undefined;
    }
    const position = this.doc.positionOf(path);
    const dotted = path.join('.');
    if (typeof raw !== 'string') {
      const constant = raw;
      const source = raw === null ? 'null' : String(raw);
      const template = { source, isConstant: true, constant, evaluate: () => constant };
      return { template, position, path: dotted, label };
    }
    try {
      return { template: compileTemplate(raw), position, path: dotted, label };
    } catch (e) {
      if (!(e instanceof TemplateSyntaxError)) throw e;
      this.problem(path, `${label}: ${e.message} (column ${e.col} of '${raw}')`);
      return undefined;
    }
  }

  /** Compiles an attr value and type-checks it when it is a constant. */
  attr(path: YamlPath, raw: unknown, name: string, spec: AttrSpec, label: string): CompiledAttr | undefined {
    const value = this.value(path, raw, label);
    if (value === undefined) return undefined;
    const coerce = COERCE[spec.type];
    const check = attrCheck(spec);
    // Secret values are never kept past the plan that maps them: no table of repeats for them.
    if (!value.template.isConstant) return { name, type: spec.type, coerce, value, constant: undefined, check, ...(spec.secret ? {} : { repeated: new RepeatedValues() }) };
    const c = coerce(value.template.constant);
    if (c === undefined) {
      this.problem(path, `${label} is ${spec.type === 'integer' ? 'an integer' : `a ${spec.type}`}: ${coercionProblem(value.template.constant, spec.type)}`);
      return undefined;
    }
    // A constant the target cannot take would skip every subscriber: say so now.
    const bad = check(c);
    if (bad !== undefined) {
      this.problem(path, `${label} ${bad}`);
      return undefined;
    }
    return { name, type: spec.type, coerce, value, constant: c, check };
  }
}
