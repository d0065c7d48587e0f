/**
 * sync.yaml's JSON Schema: the core (core.ts) plus, for every registered source and target, its
 * `type` in the enum and its options fragment under `$defs.<type>Options`, applied when the
 * block's `type` is that type. An unknown type is reported once, by the enum (the last `allOf`
 * branch keeps its other keys from piling up errors). Pure; schemas/sync.schema.json is this
 * output (`npm run generate`; a test keeps the file current).
 */
import type { AdapterDescriptor } from '../adapter-descriptor.js';
import { CORE_SYNC_SCHEMA } from './core.js';
import type { JsonSchema } from './json-schema.js';

type Side = 'source' | 'target';

/** The whole schema for these adapters. */
export function buildSyncSchema(sources: readonly AdapterDescriptor[], targets: readonly AdapterDescriptor[]): JsonSchema {
  const core = CORE_SYNC_SCHEMA as { readonly $defs: Readonly<Record<string, JsonSchema>> };
  const defs: Record<string, JsonSchema> = {};
  for (const [name, def] of Object.entries(core.$defs)) {
    const side = name === 'source' || name === 'target' ? name : undefined;
    if (!side) {
      defs[name] = def;
      continue;
    }
    const adapters = side === 'source' ? sources : targets;
    defs[name] = blockSchema(side, def, adapters);
    for (const a of adapters) defs[optionsDef(a)] = a.optionsSchema;
  }
  return { ...CORE_SYNC_SCHEMA, $defs: defs };
}

/** `$defs.source` / `$defs.target`: the core's common keys, the type enum, one branch per type. */
function blockSchema(side: Side, def: JsonSchema, adapters: readonly AdapterDescriptor[]): JsonSchema {
  const types = adapters.map((a) => a.type);
  const { properties, unevaluatedProperties, ...head } = def as { properties: Readonly<Record<string, JsonSchema>>; unevaluatedProperties: unknown };
  const typeKey = properties.type ?? {};
  const withType = (cond: JsonSchema): JsonSchema => ({ type: 'object', required: ['type'], properties: { type: cond } });
  return {
    ...head,
    properties: {
      ...properties,
      type: { description: `${capitalised(side)} type: ${inWords(types)}.`, ...typeKey, enum: types },
    },
    allOf: [
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a thenable.
      ...adapters.map((a) => ({ if: withType({ const: a.type }), then: { $ref: `#/$defs/${optionsDef(a)}` } })),
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a thenable.
      { if: { not: withType({ enum: types }) }, then: { type: 'object', unevaluatedProperties: true } },
    ],
    unevaluatedProperties,
  };
}

function optionsDef(a: AdapterDescriptor): string {
  return `${a.type}Options`;
}

/** `a, b or c`. */
function inWords(list: readonly string[]): string {
  return list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
