/** Source types billsync can read, by `type` in sync.yaml. */
import { BillsyncError } from '../model/errors.js';
import type { SourceFactory } from './source.js';
import { hydraSourceFactory } from './hydra/index.js';
import { lanbillingSourceFactory } from './lanbilling/index.js';
import { usersideSourceFactory } from './userside/index.js';

const FACTORIES: ReadonlyMap<string, SourceFactory> = new Map([
  [hydraSourceFactory.type, hydraSourceFactory],
  [lanbillingSourceFactory.type, lanbillingSourceFactory],
  [usersideSourceFactory.type, usersideSourceFactory],
]);

export function sourceFactory(type: string): SourceFactory {
  const f = FACTORIES.get(type);
  if (!f) {
    throw new BillsyncError('CONFIG_RULE', `source type '${type}' is not supported`, {
      fix: `use one of: ${[...FACTORIES.keys()].join(', ')}`,
    });
  }
  return f;
}
