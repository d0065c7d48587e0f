/**
 * Build step (package.json `build`, after tsc): loads every command once and writes their help
 * texts to dist/cli/help-manifest.json (see help-manifest.ts).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from './commands.js';
import { HELP_MANIFEST, type HelpManifest } from './help-manifest.js';
import { billsyncVersion } from './version.js';

const help: Record<string, string> = {};
for (const entry of COMMANDS) help[entry.name] = (await entry.load()).help;
const manifest: HelpManifest = { version: billsyncVersion(), help };
writeFileSync(HELP_MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
process.stdout.write(`help manifest: ${Object.keys(help).length} commands → ${fileURLToPath(HELP_MANIFEST)}\n`);
