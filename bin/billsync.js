#!/usr/bin/env node
// Entry point of the `billsync` command. Runs the compiled CLI when `npm run build` has produced
// it, else the TypeScript sources through tsx (a runtime dependency), so a checkout works as is.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));
if (existsSync(compiled)) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/bin.ts');
}
