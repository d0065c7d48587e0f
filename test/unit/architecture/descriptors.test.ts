/**
 * Adapters describe themselves (src/config/adapter-descriptor.ts), and the registries are the
 * only list of them. A new system is its folder plus one registry line: nothing else in src/
 * may single its type out. The rule, per descriptor type T:
 *
 *   - no file outside src/sources/T/ or src/targets/T/, the registries, src/emulators/T/ and
 *     src/demo/ imports from a folder named T;
 *   - no such file branches on T in code: `=== 'T'`, `case 'T'`, `type: 'T'`, `('T')` (has, get, …).
 *
 * Prose is free: comments, help texts and messages may name systems as examples
 * (`billsync sync --source hydra`). Mapping files (mappings/, a pair each) live outside src/.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../src/sources/registry.js';
import { TARGETS } from '../../../src/targets/registry.js';
import { filesUnder, references, SRC } from './imports.js';

const DESCRIPTORS = [...SOURCES, ...TARGETS];

/** Where type T may appear (paths relative to src/). */
function allowed(rel: string, type: string): boolean {
  return (
    rel.startsWith(`sources/${type}/`) ||
    rel.startsWith(`targets/${type}/`) ||
    rel.startsWith(`emulators/${type}/`) ||
    // A bridge that answers one platform's own calls (bridges/smotreshka-upsale) is about it.
    rel.startsWith(`bridges/${type}-`) ||
    rel.startsWith('demo/') ||
    rel === 'sources/registry.ts' ||
    rel === 'targets/registry.ts'
  );
}

/** Code that singles `type` out in `text` (comment lines skipped); each as `line: text`. */
function typeMentions(text: string, type: string): string[] {
  const q = `['"\`]${type}['"\`]`;
  const branching = new RegExp(`(===|!==|==|!=|\\bcase)\\s*${q}|${q}\\s*(===|!==|==|!=)|\\btype:\\s*${q}|\\(\\s*${q}\\s*\\)`);
  const folder = new RegExp(`(^|/)${type}(/|$)`);
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(\*|\/\/|\/\*)/.test(line)) return;
    const imports = references(line).some((r) => r.spec.startsWith('.') && folder.test(r.spec.replace(/\.js$/, '')));
    if (imports || branching.test(line)) out.push(`${i + 1}: ${line.trim()}`);
  });
  return out;
}

describe('adapter descriptors', () => {
  it('have unique lowercase types across sources and targets', () => {
    const types = DESCRIPTORS.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    for (const t of types) expect(t).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('name their type only in their own folder, the registry line, their emulator, their own bridges and the demo', () => {
    const found: string[] = [];
    for (const file of filesUnder(SRC)) {
      const rel = relative(SRC, file);
      const text = readFileSync(file, 'utf8');
      for (const d of DESCRIPTORS) {
        if (allowed(rel, d.type)) continue;
        for (const m of typeMentions(text, d.type)) found.push(`${rel}:${m}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('the rule catches what it is for (the special case config/index.ts used to hold)', () => {
    expect(typeMentions(`    if (block.type !== 'smartyard' || typeof ref !== 'string') continue;`, 'smartyard')).toHaveLength(1);
    expect(typeMentions(`import { loadInventory } from '../targets/smartyard/inventory/load.js';`, 'smartyard')).toHaveLength(1);
    expect(typeMentions(`  case "hydra":`, 'hydra')).toHaveLength(1);
    expect(typeMentions(`const t = { type: 'smarty', url };`, 'smarty')).toHaveLength(1);
    expect(typeMentions(` * e.g. block.type === 'smarty' in a comment`, 'smarty')).toEqual([]);
    expect(typeMentions(`help: 'billsync sync --source hydra --id 1'`, 'hydra')).toEqual([]);
    expect(typeMentions(`import { x } from './smartyard-notes.js';`, 'smartyard')).toEqual([]);
  });

  it('start their emulator lazily, and it serves', async () => {
    for (const d of DESCRIPTORS) {
      const factory = await d.emulator!();
      const emulator = factory.create({ subscribers: 3, seed: 1 });
      const url = await emulator.start();
      try {
        expect(url, d.type).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
        expect(Object.values(factory.env(url)), d.type).toContain(url);
      } finally {
        await emulator.stop();
      }
    }
  });

  it('refuse a block missing a required option, naming its path', () => {
    for (const d of DESCRIPTORS) {
      const side = SOURCES.includes(d as never) ? 'sources' : 'targets';
      expect(() => d.parseOptions('x', {}), d.type).toThrow(expect.objectContaining({ code: 'CONFIG_RULE', path: expect.stringMatching(new RegExp(`^${side}\\.x\\.`)) }));
    }
  });
});
