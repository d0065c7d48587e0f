/**
 * `store.secret_key`: the key of the store's secret digests, kept outside the database. A
 * PostgreSQL store must have one (validate says so with file:line and the fix); it is a secret.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { fixtureDir, goodFiles, GOOD_SYNC } from './fixture-dir.js';

const ENV = { HYDRA_PASSWORD: 'hydra-pw-1' };
const KEY = 'a-store-secret-key-that-is-long-enough-0123';

async function errorsOf(sync: string, env: NodeJS.ProcessEnv): Promise<ConfigErrors> {
  try {
    await loadConfig(join(fixtureDir(goodFiles({ 'sync.yaml': sync })), 'sync.yaml'), env);
  } catch (err) {
    if (err instanceof ConfigErrors) return err;
    throw err;
  }
  throw new Error('expected loadConfig to fail');
}

describe('store.secret_key', () => {
  it('is required with a PostgreSQL store, at store.url with the fix', async () => {
    const e = await errorsOf(`${GOOD_SYNC}store:\n  url: postgres://db/bill\n`, ENV);
    expect(e.errors.map((x) => [x.code, x.position?.line, x.path, x.message])).toEqual([
      ['CONFIG_RULE', 17, 'store.secret_key', 'store.url is PostgreSQL, but store.secret_key is not set'],
    ]);
    expect(e.errors[0]?.fix).toMatch(/openssl rand -hex 32.*secret_key: \$\{BILLSYNC_STORE_KEY\}/);
  });

  it('counts an empty value as missing (${VAR:-} with VAR unset)', async () => {
    const e = await errorsOf(`${GOOD_SYNC}store:\n  url: postgres://db/bill\n  secret_key: \${STORE_KEY:-}\n`, ENV);
    expect(e.errors.map((x) => x.message)).toEqual(['store.url is PostgreSQL, but store.secret_key is not set']);
  });

  it('refuses a short key without echoing it', async () => {
    const e = await errorsOf(`${GOOD_SYNC}store:\n  secret_key: \${STORE_KEY}\n`, { ...ENV, STORE_KEY: 'hunter2' });
    expect(e.errors.map((x) => [x.position?.line, x.message])).toEqual([[17, 'store.secret_key is 7 characters long; it needs at least 32']]);
    expect(e.format()).not.toContain('hunter2');
  });

  it('is a secret: kept out of the config hash, redacted in logs', async () => {
    const dir = fixtureDir(goodFiles({ 'sync.yaml': `${GOOD_SYNC}store:\n  url: postgres://db/bill\n  secret_key: \${STORE_KEY}\n` }));
    const a = await loadConfig(join(dir, 'sync.yaml'), { ...ENV, STORE_KEY: KEY });
    const b = await loadConfig(join(dir, 'sync.yaml'), { ...ENV, STORE_KEY: `${KEY}-rotated` });
    expect(a.store).toEqual({ url: 'postgres://db/bill', secretKey: KEY });
    expect(a.secretValues).toContain(KEY);
    expect(a.hash).toBe(b.hash);
  });

  it('is optional with SQLite, which keeps its key in a file beside the database', async () => {
    const c = await loadConfig(join(fixtureDir(goodFiles()), 'sync.yaml'), ENV);
    expect(c.store).toEqual({ url: 'sqlite:.billsync/state.db' });
  });
});
