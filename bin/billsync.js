#!/usr/bin/env node
// Entry point of the `billsync` command: the compiled CLI, imported in this very process — no
// wrapper process, so SIGTERM from systemd, Docker or a shell reaches the daemon's own handlers.
// In a checkout, build first (`npm run build`) or run the sources with `npm run billsync -- …`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (existsSync(entry)) {
  await import(entry.href);
} else {
  process.stderr.write(
    'error: billsync is not built (dist/cli/bin.js is missing)\n' +
      "  fix: run 'npm run build' in the checkout, or 'npm run billsync -- <command>' to run the sources\n",
  );
  process.exitCode = 1;
}
