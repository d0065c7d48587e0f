/**
 * Reading src/'s module graph for the architecture tests: every file, every module specifier it
 * names (static imports and re-exports, `import()`, `require()`), resolved to files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const SRC = resolve(__dirname, '../../../src');

/** Every source file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (/\.(ts|mts|cts|js|mjs)$/.test(name)) out.push(full);
  }
  return out;
}

export interface ModuleRef {
  readonly spec: string;
  /** `import()`: loaded only when the code runs, not when the importing module loads. */
  readonly dynamic: boolean;
  /** `import type` / `export type`: erased, never loaded. */
  readonly typeOnly?: boolean;
}

/** Every module specifier a file names: static imports/exports, `import()` and `require()`. */
export function references(text: string): ModuleRef[] {
  const found: ModuleRef[] = [];
  const patterns: [RegExp, boolean][] = [
    [/\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g, false],
    [/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, true],
    [/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, false],
  ];
  for (const [re, dynamic] of patterns) {
    for (const m of text.matchAll(re)) found.push({ spec: m[1]!, dynamic, typeOnly: /^(import|export)\s+type\s/.test(m[0]) });
  }
  return found;
}

export function specifiers(text: string): string[] {
  return references(text).map((r) => r.spec);
}

/** The top-level area of src a path is in (`emulators`, `targets`, …), or undefined outside src. */
export function areaOf(path: string): string | undefined {
  const rel = relative(SRC, path);
  if (rel.startsWith('..')) return undefined;
  return rel.split(sep)[0];
}

/** The file a relative specifier names (`./x.js` → `./x.ts`), or undefined for a package. */
export function resolveSpec(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = resolve(dirname(from), spec);
  for (const candidate of [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return target;
}

/** The relative references of every src file, resolved. */
export interface Edge {
  readonly to: string;
  readonly spec: string;
  readonly dynamic: boolean;
  readonly typeOnly?: boolean;
}

export function graph(): Map<string, Edge[]> {
  const out = new Map<string, Edge[]>();
  for (const file of filesUnder(SRC)) {
    const refs = references(readFileSync(file, 'utf8')).flatMap((r) => {
      const to = resolveSpec(file, r.spec);
      return to ? [{ to, spec: r.spec, dynamic: r.dynamic, typeOnly: r.typeOnly ?? false }] : [];
    });
    out.set(file, refs);
  }
  return out;
}

/** Files `entry` loads when imported: its static imports, transitively (no `import()`). */
export function staticClosure(entry: string, g = graph()): Set<string> {
  const seen = new Set<string>([entry]);
  const todo = [entry];
  while (todo.length > 0) {
    for (const r of g.get(todo.pop()!) ?? []) {
      if (r.dynamic || seen.has(r.to)) continue;
      seen.add(r.to);
      todo.push(r.to);
    }
  }
  return seen;
}

/**
 * Cycles among modules that load each other when imported (static, not type-only): each as the
 * files around it. A cycle makes one module see another's exports undefined at load time,
 * depending on which is imported first.
 */
export function loadCycles(g = graph()): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const e of g.get(f) ?? []) {
      if (e.dynamic || e.typeOnly) continue;
      const s = state.get(e.to);
      if (s === 'open') cycles.push(stack.slice(stack.indexOf(e.to)));
      else if (s === undefined) visit(e.to);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of g.keys()) if (!state.has(f)) visit(f);
  return cycles;
}
