/**
 * An adapter's option parser, checked against the adapter's options schema: the adapter's own
 * readers run first (their messages are the most specific), then the block is validated against
 * the same fragment sync.yaml's schema holds, so the parser can never accept what the schema
 * refuses (e.g. a Smarty `client_id` of 0 or "5"). Keys the fragment does not name (the common
 * keys, test knobs such as `retry_base_ms`) are left to the adapter.
 */
import { BillsyncError } from '../model/errors.js';
import type { OptionBlock } from './adapter-descriptor.js';
import { compileSchema, type CompiledSchema } from './schema/ajv.js';
import { CORE_SYNC_SCHEMA } from './schema/core.js';
import type { JsonSchema } from './schema/json-schema.js';
import { describeError } from './schema-messages.js';

export type OptionParser<Options> = (name: string, block: OptionBlock) => Options;

/** `read`, followed by a check of the block against `schema`; `side` is the block's section. */
export function checkedAgainst<Options>(side: 'sources' | 'targets', schema: JsonSchema, read: OptionParser<Options>): OptionParser<Options> {
  let compiled: CompiledSchema | undefined;
  return (name, block) => {
    const options = read(name, block);
    compiled ??= compileSchema({ ...schema, $defs: CORE_SYNC_SCHEMA.$defs });
    if (compiled.validate(block)) return options;
    for (const e of compiled.validate.errors ?? []) {
      const p = describeError(e, compiled.schema);
      if (!p) continue;
      const path = [side, name, ...p.path].join('.');
      const key = p.path.at(-1);
      throw new BillsyncError('CONFIG_RULE', key === undefined ? p.message : `${key} ${p.message}`, { path, fix: p.fix });
    }
    return options;
  };
}
