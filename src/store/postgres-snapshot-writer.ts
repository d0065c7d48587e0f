/**
 * putSnapshot's bulk path on PostgreSQL: the rows go in with `COPY … FROM STDIN` (text format,
 * copy-text.ts) into a temporary table, and one `INSERT … SELECT … ON CONFLICT DO UPDATE` moves
 * them into snapshot_entity — all in one transaction, so a failure anywhere leaves the snapshot
 * as it was, as the multi-row upserts did. COPY spares the server a parse and bind of 26,000
 * parameters per 2,000 rows, and the client building them; see bench/pg-put-snapshot-bench.ts.
 *
 * Kysely hands out no `pg` client, and COPY needs one: the transaction runs on a client taken
 * from the same pool Kysely uses (postgres-db.ts), so the pool's error handling and the
 * search_path set at connect (store-url.ts) apply to it as to every store query.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyTextRow } from './copy-text.js';
import type { SnapshotEntityTable } from './schema.js';

/** Writes rows of distinct identities into snapshot_entity, replacing rows of the same identity, in one transaction. */
export type SnapshotBulkWriter = (rows: readonly SnapshotEntityTable[]) => Promise<void>;

type Column = keyof SnapshotEntityTable;

/**
 * Every column; the key order is the COPY order. A Record, so that a column added to schema.ts
 * and not here fails to compile instead of being silently dropped by bulk writes.
 */
const COLUMN_SET: Record<Column, true> = { target: true, kind: true, key: true, parent_kind: true, parent_key: true, origin_source: true, origin_id: true, attrs: true, sets: true, remote_id: true, hash: true, updated_at: true, run_id: true };
const COLUMNS = Object.keys(COLUMN_SET) as Column[];

const IDENTITY = new Set<string>(['target', 'kind', 'key']);
/** Not `snapshot_entity`: a temporary table's schema comes first on the search path and would shadow the real one. */
const TEMP = 'billsync_snapshot_load';
const COLUMN_LIST = COLUMNS.join(', ');

// ON COMMIT DROP: a table per transaction, never one left on a pooled connection with yesterday's
// columns after a migration. LIKE copies columns and NOT NULLs, not indexes: the load is a heap append.
const CREATE_TEMP = `create temporary table ${TEMP} (like snapshot_entity) on commit drop`;
const COPY_IN = `copy ${TEMP} (${COLUMN_LIST}) from stdin`;
const MERGE = `insert into snapshot_entity (${COLUMN_LIST}) select ${COLUMN_LIST} from ${TEMP}
  on conflict (target, kind, key) do update set ${COLUMNS.filter((c) => !IDENTITY.has(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;

/** Rows per string handed to the COPY stream: large enough to cost few writes, small enough to stream. */
const ROWS_PER_CHUNK = 1000;

function* copyText(rows: readonly SnapshotEntityTable[]): Generator<string> {
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    let text = '';
    const end = Math.min(rows.length, i + ROWS_PER_CHUNK);
    for (let j = i; j < end; j++) {
      const r = rows[j] as SnapshotEntityTable;
      text += copyTextRow(COLUMNS.map((c) => r[c]));
    }
    yield text;
  }
}

/**
 * The bulk writer over `pool`. The caller gives rows without repeated identities: like any
 * upsert, `ON CONFLICT DO UPDATE` refuses to change one row twice in a statement.
 */
export function postgresSnapshotWriter(pool: pg.Pool): SnapshotBulkWriter {
  return async (rows) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(CREATE_TEMP);
      await pipeline(Readable.from(copyText(rows)), client.query(copyFrom(COPY_IN)));
      await client.query(MERGE);
      await client.query('commit');
      client.release();
    } catch (err) {
      // A client whose rollback fails too is in an unknown state: given the error, the pool
      // discards it instead of handing it to the next query.
      const broken = await client.query('rollback').then(
        () => undefined,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      client.release(broken);
      throw err;
    }
  };
}
