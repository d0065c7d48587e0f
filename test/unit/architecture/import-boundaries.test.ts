/**
 * The house rule that keeps the emulators honest: an emulator is a faithful stand-in for the real
 * system, so it must never borrow the adapter's understanding of the API (its signer, its
 * parsers), and an adapter must never lean on the emulator. If one imported the other, a shared
 * misreading of the documents would pass every test.
 *
 * One reference is allowed, and only in this form: an adapter's descriptor (its folder's
 * index.ts) may point at its own system's emulator factory, `emulators/<type>/standalone.ts`,
 * by a lazy `import()`. It shares no code or understanding — the adapter never calls it; only
 * `billsync emulators` and the demo do — and loading the adapter does not load the emulator.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaOf, filesUnder, references, specifiers, SRC } from './imports.js';

/** Areas a file in `from` must not import. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  emulators: ['sources', 'targets', 'bridges'],
  sources: ['emulators'],
  targets: ['emulators'],
};

/** `sources|targets/<type>/index.ts` → `emulators/<type>/standalone.js`, the same <type>. */
function isDescriptorPointer(from: string, to: string): boolean {
  const f = /^(?:sources|targets)\/([a-z0-9_-]+)\/index\.ts$/.exec(from);
  return f !== null && to === `emulators/${f[1]}/standalone.js`;
}

function violations(): string[] {
  const out: string[] = [];
  for (const file of filesUnder(SRC)) {
    const from = areaOf(file)!;
    const banned = FORBIDDEN[from];
    if (!banned) continue;
    for (const { spec, dynamic } of references(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const full = resolve(dirname(file), spec);
      const to = areaOf(full);
      if (dynamic && isDescriptorPointer(relative(SRC, file), relative(SRC, full))) continue;
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

  it('allows a descriptor only its own emulator factory, and only lazily', () => {
    expect(isDescriptorPointer('targets/smarty/index.ts', 'emulators/smarty/standalone.js')).toBe(true);
    expect(isDescriptorPointer('targets/smarty/index.ts', 'emulators/smotreshka/standalone.js')).toBe(false);
    expect(isDescriptorPointer('targets/smarty/client.ts', 'emulators/smarty/standalone.js')).toBe(false);
    expect(isDescriptorPointer('targets/smarty/index.ts', 'emulators/smarty/server.js')).toBe(false);
  });
});
