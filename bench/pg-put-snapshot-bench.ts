/**
 * PostgreSQL putSnapshot: the batched multi-row upserts against COPY (postgres-snapshot-writer.ts)
 * at several call sizes, to place POSTGRES_COPY_MIN_ROWS (store/db.ts). The table first holds
 * `base` rows, so indexes are not trivially small; then per size, alternating the two paths,
 * `rounds` calls of new rows and `rounds` calls replacing existing rows. Prints the median ms per
 * call and µs per row of each, one line per size and kind, then drops the schema.
 *
 *   npx tsx bench/pg-put-snapshot-bench.ts [postgres-url] [base=200000] [rounds=7]
 *
 * The URL defaults to postgres://postgres@127.0.0.1:5432/test; the schema used is its own
 * (`billsync_put_bench`, dropped at the end).
 */
import { sql } from 'kysely';
import type { SnapshotEntity } from '../src/model/entity.js';
import { entityHash } from '../src/model/hash.js';
import { keyedSecretDigests } from '../src/model/secret-digest.js';
import { KyselyStore } from '../src/store/kysely-store.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { openPostgres } from '../src/store/postgres-db.js';
import { postgresSnapshotWriter } from '../src/store/postgres-snapshot-writer.js';
import { parseStoreUrl, type PostgresLocation } from '../src/store/store-url.js';

const SCHEMA = 'billsync_put_bench';
const base = process.argv[3] ? Number(process.argv[3]) : 200_000;
const rounds = process.argv[4] ? Number(process.argv[4]) : 7;
const url = new URL(process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/test');
url.searchParams.set('schema', SCHEMA);
const SIZES = [10, 100, 300, 1000, 2000, 5000, 20_000];

const loc = parseStoreUrl(url.toString(), '.') as PostgresLocation;
const { db, schema, pool } = await openPostgres(loc);
await migrateToLatest(db, { display: loc.display, migrationTableSchema: schema });
const secrets = keyedSecretDigests(Buffer.alloc(32, 7));
const upsert = new KyselyStore(db, { batchRows: 2000, secrets });
const copy = new KyselyStore(db, { batchRows: 2000, bulkWrite: { minRows: 1, write: postgresSnapshotWriter(pool) }, secrets });

/** Rows shaped like a Smarty snapshot's: a customer with attrs and an origin, every other an account under it. */
function rows(from: number, n: number, variant: number): SnapshotEntity[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const e: Omit<SnapshotEntity, 'hash'> = {
      target: 'smarty',
      kind: i % 2 === 0 ? 'customer' : 'account',
      key: `${10_000_000 + i}`,
      attrs: { name: `Абонент ${i} ${variant}`, email: `user${i}@example.net`, mobile: `+7900${i}`, comment: null, active: i % 3 !== 0 },
      sets: i % 2 === 0 ? {} : { tariffs: [String(i % 7), String(100 + (i % 11))] },
      remoteId: String(i * 3),
      ...(i % 2 === 0 ? { origin: { source: 'hydra', id: String(i) } } : { parent: { kind: 'customer', key: `${10_000_000 + i - 1}` } }),
    };
    return { ...e, hash: entityHash(e) };
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const time = async (f: () => Promise<void>): Promise<number> => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

try {
  for (let i = 0; i < base; i += 20_000) await copy.putSnapshot(rows(i, Math.min(20_000, base - i), 0));
  await sql`analyze snapshot_entity`.execute(db);
  let next = base;
  console.log('rows\tkind\tupsert ms\tcopy ms\tupsert µs/row\tcopy µs/row');
  for (const n of SIZES) {
    for (const kind of ['new', 'replace'] as const) {
      const t: Record<'upsert' | 'copy', number[]> = { upsert: [], copy: [] };
      for (let r = 0; r < rounds; r++) {
        for (const [name, store] of [['upsert', upsert], ['copy', copy]] as const) {
          // Replacing: rows of the base, a different stretch each call, with changed attrs.
          const list = kind === 'new' ? rows((next += n) - n, n, 0) : rows(((r * 2 + (name === 'copy' ? 1 : 0)) * n) % Math.max(1, base - n), n, r + 1);
          t[name].push(await time(() => store.putSnapshot(list)));
        }
      }
      const [u, c] = [median(t.upsert), median(t.copy)];
      console.log(`${n}\t${kind}\t${u.toFixed(1)}\t${c.toFixed(1)}\t${((u * 1000) / n).toFixed(1)}\t${((c * 1000) / n).toFixed(1)}`);
    }
  }
} finally {
  await sql`drop schema ${sql.id(SCHEMA)} cascade`.execute(db);
  await db.destroy();
}
