/**
 * Streams subscriber pages from a child process (bench/lib/emit-pages.ts), one JSON line each.
 * Parsing a page is the benchmark's stand-in for a source read; its time is reported apart.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Subscriber } from '../../src/model/subscriber.js';

const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const EMITTER = fileURLToPath(new URL('./emit-pages.ts', import.meta.url));

export async function* pagesFromChild(source: string, size: number, now = new Date()): AsyncGenerator<Subscriber[]> {
  const child = spawn(process.execPath, [TSX, EMITTER, source, String(size), String(now.getTime())], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (line !== '') yield JSON.parse(line) as Subscriber[];
  }
  const code = await exited;
  if (code !== 0) throw new Error(`page emitter exited with ${code}`);
}
