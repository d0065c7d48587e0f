/**
 * The files made from the adapter registries are committed (editors read the schema, people read
 * the docs); this fails when one is stale. Fix: `npm run generate`, then commit.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../../src/config/generated.js';
import { SOURCES } from '../../../src/sources/registry.js';
import { TARGETS } from '../../../src/targets/registry.js';

const ROOT = resolve(__dirname, '../../..');

describe('generated files', () => {
  for (const [path, text] of Object.entries(generatedFiles())) {
    it(`${path} is what npm run generate writes`, () => {
      expect(readFileSync(resolve(ROOT, path), 'utf8'), `${path} is stale: run npm run generate`).toBe(text);
    });
  }

  it('the schema holds every registered type, in the enums and as an options branch', () => {
    const schema = JSON.parse(generatedFiles()['schemas/sync.schema.json']!) as { $defs: Record<string, { properties?: { type?: { enum?: string[] } } }> };
    expect(schema.$defs.source?.properties?.type?.enum).toEqual(SOURCES.map((s) => s.type));
    expect(schema.$defs.target?.properties?.type?.enum).toEqual(TARGETS.map((t) => t.type));
    for (const d of [...SOURCES, ...TARGETS]) expect(schema.$defs[`${d.type}Options`]).toEqual(d.optionsSchema);
  });

  it('the docs table has a row per registered type', () => {
    const doc = generatedFiles()['docs/systems.md']!;
    for (const d of [...SOURCES, ...TARGETS]) expect(doc).toContain(`| \`${d.type}\` | ${d.system} |`);
  });
});
