import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests bind loopback ports and share the PostgreSQL `test` database;
    // files run in parallel workers, each test file owns its own schema/ports.
    pool: 'forks',
    // Builds dist/ once when a test that spawns the CLI is about to run (see the file).
    globalSetup: ['test/global-setup.ts'],
  },
});
