/**
 * `explain`: maps one subscriber while recording where every value came from, for
 * `billsync explain` ("why does Smarty have this for subscriber 42?").
 */
import type { SourcePosition } from '../model/errors.js';
import type { Subscriber } from '../model/subscriber.js';
import type { CompiledSpec } from './compiled.js';
import { mapSubscriber } from './evaluate.js';
import type { MapResult } from './types.js';

export interface ExplainedCondition {
  /** The condition as text, e.g. `status not_in ["off"]`. */
  readonly condition: string;
  readonly position: SourcePosition;
  /** What the field held for this subscriber. */
  readonly value: unknown;
  readonly passed: boolean;
}

export interface ExplainedValue {
  /** Entity (kind) name. */
  readonly entity: string;
  /** `key`, `attrs.<name>` or `sets.<name>`. */
  readonly field: string;
  /** The template or literal as written, or `tariffs` for a tariff set. */
  readonly rule: string;
  readonly position: SourcePosition;
  /** The value after coercion (for a key: the template's raw result). */
  readonly value: unknown;
}

export interface MappingExplanation {
  readonly source: string;
  readonly target: string;
  readonly file: string;
  readonly result: MapResult;
  /** Conditions evaluated, in order, up to the first that failed. */
  readonly filter: readonly ExplainedCondition[];
  /**
   * Values produced, in evaluation order. A status attr appears after the entity attr it
   * overrides; the later one wins. Stops where a skipped subscriber's mapping stopped.
   */
  readonly values: readonly ExplainedValue[];
}

/** Maps `sub` with a trace; `filterPositions[i]` is where filter condition i is written. */
export function explainSubscriber(
  m: CompiledSpec,
  filterPositions: readonly SourcePosition[],
  sub: Subscriber,
): MappingExplanation {
  const filter: ExplainedCondition[] = [];
  const values: ExplainedValue[] = [];
  const result = mapSubscriber(m, sub, {
    condition(index, c, value, passed) {
      const position = filterPositions[index] ?? { file: m.file, line: 1, col: 1 };
      filter.push({ condition: c.text, position, value, passed });
    },
    value(entity, field, rule, position, value) {
      values.push({ entity, field, rule, position, value });
    },
  });
  return { source: m.source, target: m.target, file: m.file, result, filter, values };
}
