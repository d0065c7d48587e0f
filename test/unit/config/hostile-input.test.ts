/**
 * Config input that must not hurt: prototype keys are refused, never silently dropped (C2), and a
 * mapping file cannot read environment variables or files (C1), so a secret can never flow
 * into a subscriber's attributes, a plan, the op log or a target.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import { tryParseYaml } from '../../../src/config/load.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { fixtureDir, goodFiles, GOOD_MAPPING, GOOD_SYNC } from './fixture-dir.js';

const ENV = { HYDRA_PASSWORD: 'hydra-pw-1' };

async function failing(dir: string, env: NodeJS.ProcessEnv = ENV): Promise<ConfigErrors> {
  try {
    await loadConfig(join(dir, 'sync.yaml'), env);
  } catch (err) {
    if (err instanceof ConfigErrors) return err;
    throw err;
  }
  throw new Error('expected loadConfig to fail');
}

describe('prototype keys in YAML maps (C2)', () => {
  it.each(['__proto__', 'constructor', 'prototype', "'__proto__'"])('refuses %s as a map key, at its line', (key) => {
    const r = tryParseYaml(`a:\n  b: 1\n  ${key}: [9]\n`, 'x.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const unquoted = key.replace(/'/g, '');
    expect(r.errors.map((e) => [e.code, e.position?.line, e.position?.col, e.message])).toEqual([
      ['CONFIG_YAML', 3, 3, `the key '${unquoted}' is not allowed`],
    ]);
    expect(r.errors[0]?.fix).toMatch(/rename/);
  });

  it('refuses them at any depth and in lists, reporting each one', () => {
    const r = tryParseYaml('top:\n  - x:\n      constructor: 1\n__proto__: { a: 1 }\n', 'x.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.position?.line).sort()).toEqual([3, 4]);
  });

  it('leaves keys that merely contain the words alone', () => {
    expect(tryParseYaml('proto: 1\nmy_constructor: 2\nprototypes: 3\n', 'x.yaml').ok).toBe(true);
  });

  it('refuses tariffs.table.__proto__ in a mapping instead of dropping the row', async () => {
    const mapping = GOOD_MAPPING.replace("    '3': [5, 6, 7, 8]\n", "    '3': [5, 6, 7, 8]\n    __proto__: [9]\n");
    const dir = fixtureDir(goodFiles({ 'mappings/hydra-smarty.yaml': mapping }));
    const e = await failing(dir);
    expect(e.errors.map((x) => x.format().split('\n')[0])).toEqual([
      `${join(dir, 'mappings/hydra-smarty.yaml')}:21:5 the key '__proto__' is not allowed`,
    ]);
  });

  it('refuses targets.constructor in sync.yaml', async () => {
    const sync = GOOD_SYNC.replace('targets:\n', 'targets:\n  constructor:\n    type: smarty\n');
    const dir = fixtureDir(goodFiles({ 'sync.yaml': sync }));
    const e = await failing(dir);
    expect(e.errors.map((x) => [x.position?.file, x.position?.line, x.message])).toEqual([
      [join(dir, 'sync.yaml'), 9, "the key 'constructor' is not allowed"],
    ]);
  });

  it('refuses entities.__proto__ in a mapping', async () => {
    const mapping = GOOD_MAPPING.replace('entities:\n', 'entities:\n  __proto__:\n    key: "{{ id }}"\n');
    const dir = fixtureDir(goodFiles({ 'mappings/hydra-smarty.yaml': mapping }));
    const e = await failing(dir);
    expect(e.errors.map((x) => [x.position?.file, x.position?.line, x.message])).toEqual([
      [join(dir, 'mappings/hydra-smarty.yaml'), 4, "the key '__proto__' is not allowed"],
    ]);
  });
});

describe('a mapping reads no environment and no files (C1)', () => {
  const withAttr = (value: string): string => 
    // A function replacement: a replacement string would read `$$` as one `$`.
    GOOD_MAPPING.replace("      lastname: '{{ name.last }}'\n", () => `      lastname: '{{ name.last }}'\n      firstname: "${value}"\n`);

  it('refuses ${ENV} in a mapping with file:line and the fix, and never reads the variable', async () => {
    const dir = fixtureDir(goodFiles({ 'mappings/hydra-smarty.yaml': withAttr('${HYDRA_PASSWORD}') }));
    const e = await failing(dir);
    expect(e.errors).toHaveLength(1);
    const err = e.errors[0]!;
    expect(err.code).toBe('CONFIG_RULE');
    expect(err.position).toEqual({ file: join(dir, 'mappings/hydra-smarty.yaml'), line: 8, col: 18 });
    expect(err.path).toBe('entities.customer.attrs.firstname');
    expect(err.message).toBe('a mapping cannot read ${HYDRA_PASSWORD}: mapping files may not use environment variables or files');
    expect(err.fix).toBe('secrets belong in sync.yaml; a mapping may only use {{ }} templates over subscriber fields');
    expect(e.format()).not.toContain('hydra-pw-1');
  });

  it('refuses ${file:…} and ${VAR:-default} too, even when the file exists', async () => {
    const dir = fixtureDir(goodFiles({ 'mappings/hydra-smarty.yaml': withAttr('x ${file:secrets/smarty_key} ${NOPE:-d}') }));
    const e = await failing(dir);
    expect(e.errors.map((x) => x.message)).toEqual([
      'a mapping cannot read ${file:secrets/smarty_key}: mapping files may not use environment variables or files',
    ]);
    expect(e.format()).not.toContain('smarty-key-123');
  });

  it('refuses a reference in a filter value, a status constant or a key', async () => {
    const mapping = GOOD_MAPPING.replace("key: '{{ id }}'", "key: '{{ id }}${HOME}'").replace('active: { active: true }', 'active: { active: true, status_reason: "${USER}" }');
    const dir = fixtureDir(goodFiles({ 'mappings/hydra-smarty.yaml': mapping }));
    const e = await failing(dir, { ...ENV, HOME: '/root', USER: 'root' });
    expect(e.errors.map((x) => x.path)).toEqual(['entities.customer.key', 'status.map.active.status_reason']);
  });

  it('still reads $${ as a literal ${ in a mapping', async () => {
    const dir = fixtureDir(goodFiles({ 'mappings/hydra-smarty.yaml': withAttr('cost $${x}') }));
    const c = await loadConfig(join(dir, 'sync.yaml'), ENV);
    const value = c.mappings[0]?.value as { entities: { customer: { attrs: Record<string, string> } } };
    expect(value.entities.customer.attrs.firstname).toBe('cost ${x}');
  });

  it('still resolves ${ENV} in sync.yaml', async () => {
    const c = await loadConfig(join(fixtureDir(goodFiles()), 'sync.yaml'), ENV);
    expect(c.sources.hydra?.options.password).toBe('hydra-pw-1');
  });
});
