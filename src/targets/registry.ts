/** Target types billsync can write, by `type` in sync.yaml. */
import { BillsyncError } from '../model/errors.js';
import type { TargetFactory } from './target.js';
import { smartyTargetFactory } from './smarty/index.js';
import { smartyardTargetFactory } from './smartyard/index.js';
import { smotreshkaTargetFactory } from './smotreshka/index.js';

const FACTORIES: ReadonlyMap<string, TargetFactory> = new Map([
  [smartyTargetFactory.type, smartyTargetFactory],
  [smotreshkaTargetFactory.type, smotreshkaTargetFactory],
  [smartyardTargetFactory.type, smartyardTargetFactory],
]);

export function targetFactory(type: string): TargetFactory {
  const f = FACTORIES.get(type);
  if (!f) {
    throw new BillsyncError('CONFIG_RULE', `target type '${type}' is not supported`, {
      fix: `use one of: ${[...FACTORIES.keys()].join(', ')}`,
    });
  }
  return f;
}
