/** The installed package's version, read from its package.json (beside dist/ or src/ alike). */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function billsyncVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
