/**
 * The layers of src/, as DESIGN.md draws them, checked on every import (type-only ones too: a
 * type borrowed from an outer layer is a contract the core does not own).
 *
 *   core      model, mapping, plan, report, util — pure; imports only the core
 *   adapters  sources, targets — I/O; never import an emulator (import-boundaries.test.ts)
 *   emulators never import an adapter
 *   config    loading sync.yaml pulls in no emulator, daemon, demo, engine or CLI code
 *   no cycles of modules that load each other (config → registry → adapter → config/… must
 *             not come back to the module that started it)
 */
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaOf, graph, loadCycles, SRC, staticClosure } from './imports.js';

const CORE = new Set(['model', 'mapping', 'plan', 'report', 'util']);

/**
 * Areas config loading must never load: servers (emulators, daemon), the demo, the engine and
 * the CLI. (store/secret-key.ts is allowed: config checks a key's length against its constant.)
 */
const NOT_FOR_CONFIG = new Set(['emulators', 'daemon', 'demo', 'cli', 'engine', 'apply']);

describe('layering', () => {
  const g = graph();

  it('the core imports only the core', () => {
    const bad: string[] = [];
    for (const [file, refs] of g) {
      const from = areaOf(file)!;
      if (!CORE.has(from)) continue;
      for (const r of refs) {
        const to = areaOf(r.to);
        if (to !== undefined && !CORE.has(to)) bad.push(`${relative(SRC, file)} imports ${r.spec} (${from} → ${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('loading the configuration loads no emulator, daemon, demo, engine or CLI code', () => {
    const loaded = [...staticClosure(`${SRC}/config/index.ts`, g)].map((f) => relative(SRC, f));
    expect(loaded.filter((f) => NOT_FOR_CONFIG.has(f.split('/')[0]!))).toEqual([]);
  });

  it('no modules load each other in a cycle', () => {
    expect(loadCycles(g).map((c) => c.map((f) => relative(SRC, f)).join(' → '))).toEqual([]);
  });

  it('the cycle finder finds one', () => {
    const a = `${SRC}/a.ts`;
    const b = `${SRC}/b.ts`;
    const edge = (to: string) => ({ to, spec: '', dynamic: false, typeOnly: false });
    expect(loadCycles(new Map([[a, [edge(b)]], [b, [edge(a)]]]))).toEqual([[a, b]]);
  });

  it('the rule sees a violation (a core file naming an engine module)', () => {
    const fake = new Map([[`${SRC}/plan/x.ts`, [{ to: `${SRC}/engine/y.ts`, spec: '../engine/y.js', dynamic: false }]]]);
    const crossing = [...fake].flatMap(([f, refs]) => refs.filter((r) => CORE.has(areaOf(f)!) && !CORE.has(areaOf(r.to)!)));
    expect(crossing).toHaveLength(1);
  });
});
