/**
 * Target types billsync can write, by `type` in sync.yaml: the one list of them. sync.yaml's
 * schema, `validate`'s messages, the docs table and `billsync emulators` all come from it. A new
 * target is its folder plus one line here (CONTRIBUTING.md).
 */
import { BillsyncError } from '../model/errors.js';
import type { TargetFactory } from './target.js';
import { smartyTargetFactory } from './smarty/index.js';
import { smartyardTargetFactory } from './smartyard/index.js';
import { smotreshkaTargetFactory } from './smotreshka/index.js';

/** Every target type, in the order the docs and the schema list them. */
export const TARGETS: readonly TargetFactory[] = [
  smartyTargetFactory,
  smotreshkaTargetFactory,
  smartyardTargetFactory,
];

const BY_TYPE: ReadonlyMap<string, TargetFactory> = new Map(TARGETS.map((f) => [f.type, f]));

export function targetFactory(type: string): TargetFactory {
  const f = BY_TYPE.get(type);
  if (!f) {
    throw new BillsyncError('CONFIG_RULE', `target type '${type}' is not supported`, {
      fix: `use one of: ${[...BY_TYPE.keys()].join(', ')}`,
    });
  }
  return f;
}

/** The target type's descriptor, or undefined when no adapter has that type. */
export function findTarget(type: string): TargetFactory | undefined {
  return BY_TYPE.get(type);
}
