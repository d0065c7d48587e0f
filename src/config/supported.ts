/**
 * Which source and target types exist and which are implemented. Kept here as data rather
 * than imported from the adapter registries so that loading config pulls in no I/O code.
 * When an adapter lands, move its type from `planned` to `supported` (and add its options to
 * schemas/sync.schema.json).
 */

export type Side = 'source' | 'target';

interface TypeSet {
  readonly supported: readonly string[];
  /** Known systems the design names that have no adapter yet. */
  readonly planned: readonly string[];
}

export const TYPES: Readonly<Record<Side, TypeSet>> = {
  source: { supported: ['hydra', 'lanbilling', 'userside'], planned: [] },
  target: { supported: ['smarty', 'smotreshka', 'smartyard'], planned: [] },
};

/** Why `type` cannot be used on `side`, with the fix; undefined when it is supported. */
export function typeProblem(side: Side, type: string): { message: string; fix: string } | undefined {
  const set = TYPES[side];
  if (set.supported.includes(type)) return undefined;
  const fix = `use one of the supported ${side} types: ${set.supported.join(', ')}`;
  if (set.planned.includes(type)) {
    return { message: `${side} type '${type}' is not yet supported`, fix };
  }
  return { message: `unknown ${side} type '${type}'`, fix };
}
