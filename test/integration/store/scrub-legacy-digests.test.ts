/**
 * Migration 0003: op log entries written before keyed digests lose their unkeyed
 * `secret:sha256:` digests (brute-forceable from a copy of the database); the rest of each entry,
 * and entries without any, stay as they were. Both dialects.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { legacySecretDigest } from '../../../src/model/secret-digest.js';
import { migrateToLatest } from '../../../src/store/migrate.js';
import { migrationProvider } from '../../../src/store/migrations/index.js';
import { openPostgres } from '../../../src/store/postgres-db.js';
import type { StoreDatabase } from '../../../src/store/schema.js';
import { openSqlite } from '../../../src/store/sqlite-db.js';
import { parseStoreUrl, type PostgresLocation, type SqliteLocation } from '../../../src/store/store-url.js';
import { dropSchema, PG_URL, uniqueSchema, withSchema } from './dialects.js';

const SIP = '483920';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sqliteDb(): Promise<{ db: Kysely<StoreDatabase>; schema?: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'billsync-scrub-'));
  const { db } = openSqlite(parseStoreUrl('sqlite:state.db', dir) as SqliteLocation);
  cleanups.push(() => rm(dir, { recursive: true, force: true }), () => db.destroy());
  return { db };
}

async function postgresDb(): Promise<{ db: Kysely<StoreDatabase>; schema?: string }> {
  const name = uniqueSchema();
  const { db, schema } = await openPostgres(parseStoreUrl(withSchema(PG_URL, name), '.') as PostgresLocation);
  cleanups.push(() => dropSchema(name), () => db.destroy());
  return { db, schema };
}

const row = (seq: number, op: unknown) => ({
  run_id: 'r1', seq, target: 'yard', kind: 'device', key: `d${seq}`, op: JSON.stringify(op), status: 'ok', attempts: 1, error: null, at: '2026-01-01T00:00:00Z',
});

describe.each([['sqlite', sqliteDb], ['postgres', postgresDb]] as const)('0003-scrub-legacy-digests on %s', (_name, open) => {
  it('replaces unkeyed digests in the op log by [secret] and leaves everything else alone', async () => {
    const { db, schema } = await open();
    const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
    const first = await migrator.migrateTo('0001-initial');
    expect(first.error).toBeUndefined();
    const legacy = legacySecretDigest(SIP);
    const create = { seq: 1, type: 'create', entity: { attrs: { title: 'p1', sippassword: legacy, stream: legacySecretDigest('rtsp://x') } } };
    const update = { seq: 2, type: 'update', changes: [{ attr: 'sippassword', before: legacy, after: legacySecretDigest('111111') }] };
    const plain = { seq: 3, type: 'update', changes: [{ attr: 'title', before: 'secret:sha256: is only text here', after: 'b' }] };
    // More than one page of 500, so the paging is exercised.
    const many = Array.from({ length: 520 }, (_, i) => row(10 + i, { seq: 10 + i, type: 'create', entity: { attrs: { sippassword: legacy } } }));
    await db.insertInto('op_log').values([row(1, create), row(2, update), row(3, plain), ...many]).execute();

    await migrateToLatest(db, { display: 'test', ...(schema ? { migrationTableSchema: schema } : {}) });

    const ops = new Map((await db.selectFrom('op_log').select(['seq', 'op']).execute()).map((r) => [Number(r.seq), r.op]));
    expect(JSON.parse(ops.get(1)!)).toEqual({ ...create, entity: { attrs: { title: 'p1', sippassword: '[secret]', stream: '[secret]' } } });
    expect(JSON.parse(ops.get(2)!)).toEqual({ ...update, changes: [{ attr: 'sippassword', before: '[secret]', after: '[secret]' }] });
    expect(JSON.parse(ops.get(3)!)).toEqual(plain);
    for (const [, op] of ops) expect(op).not.toMatch(/secret:sha256:[0-9a-f]{16}/);
  });
});
