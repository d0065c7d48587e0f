/**
 * Source types billsync can read, by `type` in sync.yaml: the one list of them. sync.yaml's
 * schema, `validate`'s messages, the docs table and `billsync emulators` all come from it. A new
 * source is its folder plus one line here (CONTRIBUTING.md).
 */
import { BillsyncError } from '../model/errors.js';
import type { SourceFactory } from './source.js';
import { hydraSourceFactory } from './hydra/index.js';
import { lanbillingSourceFactory } from './lanbilling/index.js';
import { usersideSourceFactory } from './userside/index.js';

/** Every source type, in the order the docs and the schema list them. */
export const SOURCES: readonly SourceFactory[] = [
  hydraSourceFactory,
  lanbillingSourceFactory,
  usersideSourceFactory,
];

const BY_TYPE: ReadonlyMap<string, SourceFactory> = new Map(SOURCES.map((f) => [f.type, f]));

export function sourceFactory(type: string): SourceFactory {
  const f = BY_TYPE.get(type);
  if (!f) {
    throw new BillsyncError('CONFIG_RULE', `source type '${type}' is not supported`, {
      fix: `use one of: ${[...BY_TYPE.keys()].join(', ')}`,
    });
  }
  return f;
}
