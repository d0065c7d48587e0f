/**
 * The billsync CLI as the chaos tests' child processes run it: src/cli/bin.ts bundled once per
 * test file with esbuild (already installed as tsx's compiler) into one ES module, dependencies
 * left external. bin/billsync.js runs the sources through tsx, whose start-up costs ~2 s of CPU
 * per process; the trials start dozens of processes on a 2-core machine, and what they test —
 * crashes, signals, locks — does not depend on how the code was loaded (a release runs the
 * compiled dist/ too). CHAOS_CLI=bin runs bin/billsync.js instead.
 *
 * The bundle sits two directories below the repository root (`.chaos-build/<id>/bin.mjs`), as
 * src/<dir>/*.ts do, so the paths the sources build from import.meta.url (schemas/,
 * sync.yaml.example) resolve as they do from the sources, and bare imports find node_modules.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BIN } from '../../e2e/daemon-support/setup.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let built: Promise<string> | undefined;
let buildDir: string | undefined;

/** The script a child `node` runs for `billsync`: the bundle, built on first use, or bin/billsync.js. */
export function cliScript(): Promise<string> {
  if (process.env.CHAOS_CLI === 'bin') return Promise.resolve(BIN);
  built ??= (async () => {
    try {
      const { build } = await import('esbuild');
      buildDir = `${ROOT}.chaos-build/${process.pid}-${randomBytes(3).toString('hex')}`;
      const outfile = `${buildDir}/bin.mjs`;
      await build({
        entryPoints: [`${ROOT}src/cli/bin.ts`],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        outfile,
        logLevel: 'error',
      });
      return outfile;
    } catch (err) {
      // Slower, but the same code: better than no chaos suite where esbuild cannot run.
      console.warn(`[chaos] cannot bundle the CLI with esbuild (${(err as Error).message}); running bin/billsync.js through tsx`);
      return BIN;
    }
  })();
  return built;
}

/** Removes this process's bundle (call from afterAll). */
export async function removeCliBuild(): Promise<void> {
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
}
