/** Queries on snapshot_entity. Each takes a Kysely instance or a transaction. */
import { sql, type Kysely } from 'kysely';
import type { SnapshotEntity } from '../model/entity.js';
import type { StoreDatabase, SnapshotEntityTable } from './schema.js';
import { fromLoadedRow, type LoadedRow } from '../model/loaded-row.js';
import type { HashedRow } from './snapshot-hash.js';

type Db = Kysely<StoreDatabase>;

/**
 * The loadSnapshot query: one definition for both dialects and both ways of running it (Kysely
 * objects here, raw arrays on the SQLite fast path, see sqlite-snapshot-loader.ts). Select
 * order matches LoadedRow.
 */
export function snapshotQuery(db: Db, target: string) {
  return db
    .selectFrom('snapshot_entity')
    .select([
      'kind',
      'key',
      'parent_kind',
      'parent_key',
      'origin_source',
      'origin_id',
      'remote_id',
      'hash',
      // `||` is text concatenation on both dialects; attrs and sets are JSON documents, so the
      // result is a JSON array of the two.
      sql<string>`'[' || ${sql.ref('attrs')} || ',' || ${sql.ref('sets')} || ']'`.as('body'),
    ])
    .where('target', '=', target)
    .orderBy('kind')
    .orderBy('key');
}

/**
 * Every snapshot row of one target through a server-side cursor (PostgreSQL), `chunkRows` per
 * FETCH, handed to `onChunk` and then forgotten: a million-row snapshot never sits in memory
 * whole, in the client or in pg's result buffer. Ordered by (kind, key) under the C collation
 * (byte = code point order), the order hashSnapshotRows hashes in, so the hash needs no sort.
 */
export async function scanSnapshotCursor(db: Db, target: string, chunkRows: number, onChunk: (rows: LoadedRow[]) => void): Promise<void> {
  const query = db
    .selectFrom('snapshot_entity')
    .select(['kind', 'key', 'parent_kind', 'parent_key', 'origin_source', 'origin_id', 'remote_id', 'hash', sql<string>`'[' || ${sql.ref('attrs')} || ',' || ${sql.ref('sets')} || ']'`.as('body')])
    .where('target', '=', target)
    .orderBy(sql`${sql.ref('kind')} collate "C"`)
    .orderBy(sql`${sql.ref('key')} collate "C"`)
    .compile();
  // A cursor lives in one transaction on one connection.
  await db.transaction().execute(async (trx) => {
    await trx.executeQuery({ ...query, sql: `declare billsync_snapshot no scroll cursor for ${query.sql}` });
    for (;;) {
      const { rows } = await sql<{ kind: string; key: string; parent_kind: string | null; parent_key: string | null; origin_source: string | null; origin_id: string | null; remote_id: string | null; hash: string; body: string }>`fetch forward ${sql.raw(String(Math.max(1, Math.floor(chunkRows))))} from billsync_snapshot`.execute(trx);
      if (rows.length === 0) break;
      onChunk(rows.map((r): LoadedRow => [r.kind, r.key, r.parent_kind, r.parent_key, r.origin_source, r.origin_id, r.remote_id, r.hash, r.body]));
    }
    await sql`close billsync_snapshot`.execute(trx);
  });
}

/** Every snapshot entity of one target, ordered by (kind, key). */
export async function selectSnapshot(db: Db, target: string): Promise<SnapshotEntity[]> {
  const rows = await snapshotQuery(db, target).execute();
  return rows.map((r) =>
    fromLoadedRow(target, [
      r.kind,
      r.key,
      r.parent_kind,
      r.parent_key,
      r.origin_source,
      r.origin_id,
      r.remote_id,
      r.hash,
      r.body,
    ]),
  );
}

/**
 * What the snapshot hash is computed from. Ordered by (kind, key) only as a head start for
 * hashSnapshotRows, which does not rely on it (collations differ between databases).
 */
export function selectHashedRows(db: Db, target: string): Promise<HashedRow[]> {
  return db
    .selectFrom('snapshot_entity')
    .select(['kind', 'key', 'hash', 'remote_id'])
    .where('target', '=', target)
    .orderBy('kind')
    .orderBy('key')
    .execute();
}

/**
 * Inserts or replaces rows by (target, kind, key). The caller keeps a batch within the dialect's
 * bind-parameter limit and free of duplicate identities (PostgreSQL refuses to update one row
 * twice in a statement).
 */
export async function upsertSnapshotRows(db: Db, rows: readonly SnapshotEntityTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('snapshot_entity')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['target', 'kind', 'key']).doUpdateSet((eb) => ({
        parent_kind: eb.ref('excluded.parent_kind'),
        parent_key: eb.ref('excluded.parent_key'),
        origin_source: eb.ref('excluded.origin_source'),
        origin_id: eb.ref('excluded.origin_id'),
        attrs: eb.ref('excluded.attrs'),
        sets: eb.ref('excluded.sets'),
        remote_id: eb.ref('excluded.remote_id'),
        hash: eb.ref('excluded.hash'),
        updated_at: eb.ref('excluded.updated_at'),
        run_id: eb.ref('excluded.run_id'),
      })),
    )
    .execute();
}

/** Removes one entity's row; removing a row that is not there is not an error. */
export async function deleteSnapshotRow(db: Db, target: string, kind: string, key: string): Promise<void> {
  await db
    .deleteFrom('snapshot_entity')
    .where('target', '=', target)
    .where('kind', '=', kind)
    .where('key', '=', key)
    .execute();
}
