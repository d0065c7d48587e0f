/**
 * Vitest global set-up: builds dist/ (incrementally, `tsc -p tsconfig.build.json`) once per run,
 * before any worker starts, when a test file about to run spawns the CLI (imports
 * test/support/cli-bin.ts or the daemon helpers) and dist/ is older than the sources. The
 * tests then spawn compiled JavaScript — fast, and never a stale build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILD_INFO = join(ROOT, 'dist', '.tsbuildinfo');
/** What marks a test file as spawning the CLI. */
const NEEDS_CLI = /support\/cli-bin(\.js)?['"]|daemon-support\/child(\.js)?['"]/;

export default async function setup(project: TestProject): Promise<void> {
  const files = await filesToRun(project);
  if (files !== undefined && !files.some((f) => NEEDS_CLI.test(readFileSync(f, 'utf8')))) return;
  if (!stale()) return;
  const started = performance.now();
  // As `npm run build` does: compile, then write the commands' help manifest.
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, [join(ROOT, 'dist', 'cli', 'write-help-manifest.js')], { cwd: ROOT, stdio: 'ignore' });
  // tsc leaves its build info untouched when no output changed; the next run must see "fresh".
  const now = new Date();
  utimesSync(BUILD_INFO, now, now);
  console.log(`global set-up: built dist/ for the CLI tests in ${Math.round((performance.now() - started) / 1000)} s`);
}

/**
 * The test files of this run, from vitest's own file filters; undefined when they cannot be
 * told (the internals moved in a vitest upgrade): then dist/ is built to be safe.
 */
async function filesToRun(project: TestProject): Promise<string[] | undefined> {
  try {
    const v = project.vitest as unknown as { filenamePattern?: string[]; globTestSpecifications(f?: string[]): Promise<{ moduleId: string }[]> };
    const specs = await v.globTestSpecifications(v.filenamePattern);
    return specs.map((s) => s.moduleId);
  } catch {
    return undefined;
  }
}

/** Whether any source or build setting is newer than the last build. */
function stale(): boolean {
  if (!existsSync(BUILD_INFO) || !existsSync(join(ROOT, 'dist', 'cli', 'bin.js')) || !existsSync(join(ROOT, 'dist', 'cli', 'help-manifest.json'))) return true;
  const built = statSync(BUILD_INFO).mtimeMs;
  const inputs = [join(ROOT, 'package.json'), join(ROOT, 'tsconfig.json'), join(ROOT, 'tsconfig.build.json'), ...filesUnder(join(ROOT, 'src'))];
  return inputs.some((f) => statSync(f).mtimeMs > built);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}
