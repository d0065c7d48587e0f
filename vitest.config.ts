import { configDefaults, defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/slow-first-sequencer.js';

/** Unit test files that need a module registry of their own (`vi.mock` replaces a module for the whole file). */
const NEEDS_OWN_MODULES = ['test/unit/util/retry-after-agreement.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests bind loopback ports and share the PostgreSQL `test` database;
    // files run in parallel workers, each test file owns its own schema/ports.
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker (cores - 1): the suite then runs file
    // after file while most of them wait on loopback HTTP, PostgreSQL and child processes. Three
    // workers keep both cores busy; spawn-heavy tests carry explicit timeouts well above their
    // run time on a loaded machine, and no test asserts on wall-clock time.
    maxWorkers: 3,
    // Slow directories first, also on a fresh checkout (see the file).
    sequence: { sequencer: SlowFirstSequencer },
    // Builds dist/ once when a test that spawns the CLI is about to run (see the file).
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        // Pure unit tests share their workers' module cache (no fresh process and imports per
        // file: most of their run time was start-up). They start no server and no process,
        // and restore any spy or fake timer they set.
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...NEEDS_OWN_MODULES],
          isolate: false,
        },
      },
      {
        // Everything else, each file in a process of its own: servers, stores, child processes.
        extends: true,
        test: {
          name: 'isolated',
          include: ['test/{chaos,e2e,integration}/**/*.test.ts', ...NEEDS_OWN_MODULES],
        },
      },
    ],
  },
});
