import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadYamlFile, parseYaml, tryParseYaml } from '../../../src/config/load.js';
import { BillsyncError } from '../../../src/model/errors.js';
import { fixtureDir } from './fixture-dir.js';

const errorsOf = (text: string): BillsyncError[] => {
  const r = tryParseYaml(text, 'x.yaml');
  if (r.ok) throw new Error('expected a parse failure');
  return [...r.errors];
};

describe('parseYaml', () => {
  it('returns the plain value and positions of nodes by path', () => {
    const doc = parseYaml('a:\n  b: [1, 2]\n  c:\n    - x: 1\n      y: two\n', 'f.yaml');
    expect(doc.value).toEqual({ a: { b: [1, 2], c: [{ x: 1, y: 'two' }] } });
    expect(doc.positionOf(['a', 'b'])).toEqual({ file: 'f.yaml', line: 2, col: 6 });
    expect(doc.positionOf(['a', 'b', 1])).toEqual({ file: 'f.yaml', line: 2, col: 10 });
    expect(doc.positionOf(['a', 'c', 0, 'y'])).toEqual({ file: 'f.yaml', line: 5, col: 10 });
    expect(doc.keyPositionOf(['a', 'c', 0, 'y'])).toEqual({ file: 'f.yaml', line: 5, col: 7 });
  });

  it('points a missing key at its nearest existing ancestor', () => {
    const doc = parseYaml('top:\n  inner:\n    k: 1\n', 'f.yaml');
    expect(doc.positionOf(['top', 'inner', 'nope', 'deeper'])).toEqual({ file: 'f.yaml', line: 3, col: 5 });
    expect(doc.positionOf(['missing'])).toEqual({ file: 'f.yaml', line: 1, col: 1 });
  });

  it('points an empty value at its key', () => {
    const doc = parseYaml('a:\n  empty:\n  b: 1\n', 'f.yaml');
    expect(doc.positionOf(['a', 'empty'])).toEqual({ file: 'f.yaml', line: 2, col: 3 });
  });

  it('reports malformed YAML as CONFIG_YAML with line:col and a fix', () => {
    const [e] = errorsOf('a: 1\nb:\n  c: 2\n d: 3\n');
    expect(e?.code).toBe('CONFIG_YAML');
    expect(e?.position).toEqual({ file: 'x.yaml', line: 4, col: 2 });
    expect(e?.fix).toMatch(/indentation/);
    expect(e?.format()).toMatch(/^x\.yaml:4:2 invalid YAML: All mapping items must start at the same column/);
    expect(() => parseYaml('a: "open\n', 'x.yaml')).toThrow(BillsyncError);
  });

  it('rejects duplicate keys, including ones that only collide as JS keys', () => {
    const [dup] = errorsOf('a: 1\nb: 2\na: 3\n');
    expect(dup?.message).toBe("duplicate key 'a'");
    expect(dup?.position).toEqual({ file: 'x.yaml', line: 3, col: 1 });
    const [num] = errorsOf("t:\n  2: [1]\n  '2': [3]\n");
    expect(num?.message).toBe("duplicate key '2' (first at line 2)");
    expect(num?.position).toEqual({ file: 'x.yaml', line: 3, col: 3 });
  });

  it('rejects files with several documents', () => {
    expect(errorsOf('a: 1\n---\nb: 2\n')[0]?.code).toBe('CONFIG_YAML');
  });
});

describe('loadYamlFile', () => {
  it('loads a file and names it in positions', async () => {
    const dir = fixtureDir({ 'a.yaml': 'k: v\n' });
    const doc = await loadYamlFile(join(dir, 'a.yaml'));
    expect(doc.value).toEqual({ k: 'v' });
    expect(doc.positionOf(['k']).file).toBe(join(dir, 'a.yaml'));
  });

  it('reports a missing file as CONFIG_NOT_FOUND', async () => {
    const dir = fixtureDir({});
    await expect(loadYamlFile(join(dir, 'nope.yaml'))).rejects.toMatchObject({ code: 'CONFIG_NOT_FOUND' });
    writeFileSync(join(dir, 'bad.yaml'), 'a: [\n');
    await expect(loadYamlFile(join(dir, 'bad.yaml'))).rejects.toMatchObject({ code: 'CONFIG_YAML' });
  });
});
