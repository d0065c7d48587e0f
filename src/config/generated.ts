/**
 * The files made from the adapter registries, so that a new adapter's type appears in no
 * hand-written list: schemas/sync.schema.json (for editors; loadConfig builds the same schema in
 * memory) and docs/systems.md (the table of supported systems). `npm run generate` writes them;
 * test/unit/config/generated-files.test.ts fails when a committed copy is stale.
 */
import type { AdapterDescriptor } from './adapter-descriptor.js';
import { SOURCES } from '../sources/registry.js';
import { TARGETS } from '../targets/registry.js';
import { syncSchema } from './validate.js';

/** Repository-relative path → content. */
export function generatedFiles(): Readonly<Record<string, string>> {
  return {
    'schemas/sync.schema.json': `${JSON.stringify(syncSchema(), null, 2)}\n`,
    'docs/systems.md': systemsDoc(),
  };
}

function systemsDoc(): string {
  const row = (side: string, d: AdapterDescriptor): string => {
    const schema = d.optionsSchema as { required?: readonly string[] };
    const required = (schema.required ?? []).map((k) => `\`${k}\``).join(', ') || '—';
    return `| ${side} | \`${d.type}\` | ${d.system} | ${d.wire} | ${required} | ${d.emulator ? 'yes' : 'no'} |`;
  };
  return [
    '<!-- Generated from src/sources/registry.ts and src/targets/registry.ts by `npm run generate`. Do not edit. -->',
    '# Supported systems',
    '',
    'Any source can feed any target; the pairs differ only in their mapping file. Options of each',
    'type: `schemas/sync.schema.json` (`$defs.<type>Options`). Adding a system: CONTRIBUTING.md.',
    '',
    '| side | type | system | wire | required options | emulator |',
    '|---|---|---|---|---|---|',
    ...SOURCES.map((d) => row('source', d)),
    ...TARGETS.map((d) => row('target', d)),
    '',
  ].join('\n');
}
