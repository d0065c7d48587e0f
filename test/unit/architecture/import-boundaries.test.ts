/**
 * The house rule that keeps the emulators honest: an emulator is a faithful stand-in for the real
 * system, so it must never borrow the adapter's understanding of the API (its signer, its
 * parsers), and an adapter must never lean on the emulator. If one imported the other, a shared
 * misreading of the documents would pass every test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../../src');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (/\.(ts|mts|cts|js|mjs)$/.test(name)) out.push(full);
  }
  return out;
}

/** Every module specifier a file names: static imports/exports, `import()` and `require()`. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]!);
  return found;
}

/** The top-level area of src a path is in (`emulators`, `targets`, …), or undefined outside src. */
function areaOf(path: string): string | undefined {
  const rel = relative(SRC, path);
  if (rel.startsWith('..')) return undefined;
  return rel.split(sep)[0];
}

/** Areas a file in `from` must not import. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  emulators: ['sources', 'targets', 'bridges'],
  sources: ['emulators'],
  targets: ['emulators'],
};

function violations(): string[] {
  const out: string[] = [];
  for (const file of filesUnder(SRC)) {
    const from = areaOf(file)!;
    const banned = FORBIDDEN[from];
    if (!banned) continue;
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const to = areaOf(resolve(dirname(file), spec));
      if (to !== undefined && banned.includes(to)) out.push(`${relative(SRC, file)} imports ${spec} (${from} → ${to})`);
    }
  }
  return out;
}

describe('import boundaries', () => {
  it('finds every form of module reference', () => {
    const text = [
      `import { a } from '../../targets/x.js';`,
      `import type { B } from "../sources/y.js";`,
      `export * from './z.js';`,
      `export { c } from '../emulators/w.js';`,
      `import './side-effect.js';`,
      `const m = await import('../targets/lazy.js');`,
      `import {\n  d,\n  e,\n} from '../../sources/multi.js';`,
    ].join('\n');
    expect(specifiers(text)).toEqual(
      expect.arrayContaining([
        '../../targets/x.js',
        '../sources/y.js',
        './z.js',
        '../emulators/w.js',
        './side-effect.js',
        '../targets/lazy.js',
        '../../sources/multi.js',
      ]),
    );
  });

  it('emulators import no adapter code, and adapters import no emulator', () => {
    expect(violations()).toEqual([]);
  });
});
