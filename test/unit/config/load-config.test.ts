import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/index.js';
import { SOURCES } from '../../../src/sources/registry.js';
import { BillsyncError, ConfigErrors } from '../../../src/model/errors.js';
import { canonicalJson, sha256 } from '../../../src/model/hash.js';
import { fixtureDir, goodFiles, GOOD_MAPPING, GOOD_SYNC } from './fixture-dir.js';

const ENV = { HYDRA_PASSWORD: 'hydra-pw-1' };

/** Loads and returns the thrown ConfigErrors (fails the test if loading succeeds). */
async function failing(dir: string, env: NodeJS.ProcessEnv = ENV): Promise<ConfigErrors> {
  try {
    await loadConfig(join(dir, 'sync.yaml'), env);
  } catch (err) {
    if (err instanceof ConfigErrors) return err;
    throw err;
  }
  throw new Error('expected loadConfig to fail');
}

const firstLines = (e: ConfigErrors): string[] => e.errors.map((x) => x.format().split('\n')[0] ?? '');

describe('loadConfig', () => {
  it('loads a good config with defaults, resolved secrets and type-specific options', async () => {
    const dir = fixtureDir(goodFiles());
    const c = await loadConfig(join(dir, 'sync.yaml'), ENV);
    expect(c.file).toBe(join(dir, 'sync.yaml'));
    expect(c.dir).toBe(dir);
    expect(c.store).toEqual({ url: 'sqlite:.billsync/state.db' });
    expect(c.sources.hydra).toMatchObject({
      name: 'hydra',
      type: 'hydra',
      options: { url: 'http://127.0.0.1:3000/rest/v2', login: 'operator', password: 'hydra-pw-1' },
      rate: {},
      position: { file: join(dir, 'sync.yaml'), line: 3, col: 3 },
    });
    expect(Object.keys(c.sources.hydra?.options ?? {})).toEqual(['url', 'login', 'password']);
    expect(c.targets.smarty).toMatchObject({
      options: { url: 'http://127.0.0.1:8000/billing/api', client_id: 1, api_key: 'smarty-key-123' },
      retry: { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 10000 },
      safety: { minSourceShare: 0.5 },
    });
    expect(c.targets.smarty?.safety).not.toHaveProperty('maxDeletes');
    expect(c.mappings).toHaveLength(1);
    expect(c.mappings[0]?.value).toEqual(parse(GOOD_MAPPING));
    expect(c.mappings[0]?.positionOf(['tariffs', 'table', '3'])).toEqual({ file: join(dir, 'mappings/hydra-smarty.yaml'), line: 20, col: 10 });
    expect([...c.secretValues].sort()).toEqual(['hydra-pw-1', 'smarty-key-123']);
  });

  it('maps rate, concurrency, retry and safety to their typed forms', async () => {
    const sync = GOOD_SYNC.replace(
      '    client_id: 1\n',
      "    client_id: 1\n    timeout_ms: 5000\n    rate: { requests: 200 }\n    concurrency: 16\n" +
        "    retry: { max_attempts: 3 }\n    safety: { min_source_share: 0.8, max_deletes: 100, max_blocks: '10%' }\n",
    ).replace('    login: operator\n', '    login: operator\n    rate: { requests: 50, per_seconds: 2 }\n    per_page: 500\n');
    const dir = fixtureDir(goodFiles({ 'sync.yaml': `${sync}store:\n  url: postgres://bill:\${PGPASSWORD}@db/bill\n  secret_key: \${STORE_KEY}\n` }));
    const c = await loadConfig(join(dir, 'sync.yaml'), { ...ENV, PGPASSWORD: 'pg-pw', STORE_KEY: 'k'.repeat(40) });
    expect(c.sources.hydra?.rate).toEqual({ requests: 50, perSeconds: 2 });
    expect(c.sources.hydra?.options.per_page).toBe(500);
    const t = c.targets.smarty!;
    expect(t.rate).toEqual({ requests: 200, perSeconds: 1, concurrency: 16 });
    expect(t.retry).toEqual({ maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 10000, stopAfter: 10 });
    expect(t.safety).toEqual({ minSourceShare: 0.8, maxDeletes: { count: 100 }, maxBlocks: { percent: 10 } });
    expect(t.options).toEqual({ url: 'http://127.0.0.1:8000/billing/api', client_id: 1, api_key: 'smarty-key-123', timeout_ms: 5000 });
    expect(c.store).toEqual({ url: 'postgres://bill:pg-pw@db/bill', secretKey: 'k'.repeat(40) });
    expect(c.secretValues).toContain('pg-pw');
    expect(c.secretValues).toContain('k'.repeat(40));
  });

  it('hashes the config with secrets blanked, plus the mapping values', async () => {
    const dir = fixtureDir(goodFiles());
    const c = await loadConfig(join(dir, 'sync.yaml'), ENV);
    const sync = parse(GOOD_SYNC) as { sources: { hydra: Record<string, unknown> }; targets: { smarty: Record<string, unknown> } };
    sync.sources.hydra.password = '[secret]';
    sync.targets.smarty.api_key = '[secret]';
    const expected = { sync, mappings: [{ file: join('mappings', 'hydra-smarty.yaml'), value: parse(GOOD_MAPPING) }] };
    expect(c.hash).toBe(sha256(canonicalJson(expected)));
    for (const s of c.secretValues) expect(canonicalJson(expected)).not.toContain(s);

    // a different secret: same hash; a different mapping: another hash
    const other = await loadConfig(join(dir, 'sync.yaml'), { HYDRA_PASSWORD: 'changed' });
    expect(other.hash).toBe(c.hash);
    const dir2 = fixtureDir(goodFiles({ 'mappings/hydra-smarty.yaml': GOOD_MAPPING.replace('[100, 101]', '[100]') }));
    expect((await loadConfig(join(dir2, 'sync.yaml'), ENV)).hash).not.toBe(c.hash);
  });

  it('writes nothing', async () => {
    const dir = fixtureDir(goodFiles());
    await loadConfig(join(dir, 'sync.yaml'), ENV);
    expect(readdirSync(dir).sort()).toEqual(['mappings', 'secrets', 'sync.yaml']);
  });

  it('reports a missing sync.yaml with the fix', async () => {
    const e = await failing(fixtureDir({}));
    expect(e.errors[0]?.code).toBe('CONFIG_NOT_FOUND');
    expect(e.errors[0]?.fix).toMatch(/copy sync\.yaml\.example.*-c/);
  });

  it('reports malformed YAML with its line:col', async () => {
    const e = await failing(fixtureDir(goodFiles({ 'sync.yaml': GOOD_SYNC.replace('    login: operator', '   login: operator') })));
    expect(e.errors.map((x) => x.code)).toEqual(['CONFIG_YAML']);
    expect(e.errors[0]?.position?.line).toBe(6);
    expect(e.errors[0]?.position?.col).toBe(4);
  });

  it('reports a mapping schema violation as file:line:col path: message', async () => {
    const dir = fixtureDir(goodFiles({ 'mappings/hydra-smarty.yaml': GOOD_MAPPING.replace("'2': [1, 2, 3, 4]", "'2': { a: 1 }") }));
    const e = await failing(dir);
    expect(e.errors).toHaveLength(1);
    expect(e.errors[0]?.code).toBe('CONFIG_SCHEMA');
    expect(e.format()).toContain(
      `${join(dir, 'mappings/hydra-smarty.yaml')}:19:10 tariffs.table.2: expected a list of source service ids, got a mapping (a)`,
    );
  });

  it('rejects unknown types, naming the supported ones', async () => {
    const unknown = await failing(fixtureDir(goodFiles({ 'sync.yaml': GOOD_SYNC.replace('type: hydra', 'type: abills') })));
    expect(firstLines(unknown)).toEqual([expect.stringMatching(/sync\.yaml:4:11 sources\.hydra\.type: unknown source type 'abills'$/)]);
    expect(unknown.errors[0]?.fix).toBe(`use one of the supported source types: ${SOURCES.map((s) => s.type).join(', ')}`);
  });

  it('reports a missing env secret at its value', async () => {
    const e = await failing(fixtureDir(goodFiles()), {});
    expect(e.errors.map((x) => [x.code, x.position?.line, x.position?.col, x.message])).toEqual([
      ['CONFIG_SECRET', 7, 15, 'environment variable HYDRA_PASSWORD is not set'],
    ]);
    expect(e.errors[0]?.fix).toContain('export HYDRA_PASSWORD=');
  });

  it('flags a mapping naming an undeclared target, and duplicate service ids with both positions', async () => {
    const mapping = GOOD_MAPPING.replace('target: smarty', 'target: smotreshka').replace("'3': [5, 6, 7, 8]", "'3': [5, 1]");
    const dir = fixtureDir(goodFiles({ 'mappings/hydra-smarty.yaml': mapping }));
    const e = await failing(dir);
    const file = join(dir, 'mappings/hydra-smarty.yaml');
    expect(firstLines(e)).toEqual([
      `${file}:2:9 target: target 'smotreshka' is not declared in ${join(dir, 'sync.yaml')}`,
      `${file}:20:14 tariffs.table.3.1: source service id 1 is mapped to two target tariffs: '2' (${file}:19:11) and '3' (${file}:20:14)`,
    ]);
  });

  it('collects every error from every file in one ConfigErrors', async () => {
    const sync = GOOD_SYNC.replace('client_id: 1', 'client_id: x').replace(
      '  - mappings/hydra-smarty.yaml\n',
      '  - mappings/hydra-smarty.yaml\n  - mappings/missing.yaml\n  - mappings/hydra-smarty.yaml\n',
    );
    const mapping = GOOD_MAPPING.replace('source: hydra', 'source: [hydra]').replace("'3': [5, 6, 7, 8]", "'3': [5, 1]");
    const dir = fixtureDir(goodFiles({ 'sync.yaml': sync, 'mappings/hydra-smarty.yaml': mapping }));
    const e = await failing(dir, {});
    expect(e).toBeInstanceOf(BillsyncError);
    // file by file, in reading order; rule problems alongside schema problems
    expect(e.errors.map((x) => `${x.code} ${x.path}`)).toEqual([
      'CONFIG_SECRET sources.hydra.password',
      'CONFIG_SCHEMA targets.smarty.client_id',
      'CONFIG_NOT_FOUND mappings.1',
      'CONFIG_RULE mappings.2',
      'CONFIG_SCHEMA source',
      'CONFIG_RULE tariffs.table.3.1',
    ]);
  });
});
