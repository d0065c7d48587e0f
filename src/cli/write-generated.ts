/**
 * `npm run generate`: writes the files made from the adapter registries (config/generated.ts)
 * into the repository. Run it after adding or changing an adapter's descriptor or the core
 * schema, and commit the result.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from '../config/generated.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
for (const [path, text] of Object.entries(generatedFiles())) {
  mkdirSync(dirname(`${root}${path}`), { recursive: true });
  writeFileSync(`${root}${path}`, text);
  process.stdout.write(`wrote ${path}\n`);
}
