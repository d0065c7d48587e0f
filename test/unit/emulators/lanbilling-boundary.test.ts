/**
 * The LANBilling emulator is a faithful stand-in for LBcore, written from the API notes: it must
 * never borrow the adapter's reading of the API (src/sources) nor a target's (src/targets), or a
 * misreading would be shared by both sides and every test would agree with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const ENTRY = join(ROOT, 'src/emulators/lanbilling/index.ts');

/** Every file reachable from `entry` through relative imports, as paths from the repo root. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'));
      if (existsSync(target)) todo.push(target);
    }
  }
  return new Set([...seen].map((f) => relative(ROOT, f)));
}

describe('lanbilling emulator boundary', () => {
  it('imports nothing from src/sources or src/targets, directly or through shared modules', () => {
    const files = reachable(ENTRY);
    expect(files.has('src/emulators/lanbilling/server.ts')).toBe(true);
    expect([...files].filter((f) => f.startsWith('src/sources/') || f.startsWith('src/targets/'))).toEqual([]);
  });
});
