/**
 * loadSnapshot on SQLite, fast: the same query as snapshot-queries.ts, compiled by Kysely but run
 * as a prepared better-sqlite3 statement returning arrays. Object rows cost a property per column
 * per row; on 200,000 rows that is a third of the time, and loadSnapshot runs before every plan.
 */
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { SnapshotEntity } from '../model/entity.js';
import type { StoreDatabase } from './schema.js';
import { snapshotQuery } from './snapshot-queries.js';
import { fromLoadedRow, type LoadedRow } from '../model/loaded-row.js';
import { InternalError } from '../model/errors.js';

export type SnapshotLoader = (target: string) => Promise<SnapshotEntity[]>;

/** Hands a target's snapshot rows to `onChunk`, unparsed, up to `chunkRows` at a time, in (kind, key) byte order. */
export type SnapshotScanner = (target: string, chunkRows: number, onChunk: (rows: LoadedRow[]) => void) => Promise<void>;

/**
 * scanSnapshot on SQLite: the loader's statement, its rows handed over a chunk at a time and
 * then forgotten, so a million-row snapshot is never in memory at once. Runs under the same
 * connection mutex as the loader.
 */
export function sqliteSnapshotScanner(db: Kysely<StoreDatabase>, database: Database.Database): SnapshotScanner {
  let stmt: Database.Statement<[string], unknown[]> | undefined;
  return (target, chunkRows, onChunk) =>
    db.connection().execute(async () => {
      stmt ??= prepare(db, database);
      let chunk: LoadedRow[] = [];
      for (const r of stmt.iterate(target) as IterableIterator<unknown>) {
        chunk.push(r as LoadedRow);
        if (chunk.length >= chunkRows) {
          onChunk(chunk);
          chunk = [];
        }
      }
      if (chunk.length > 0) onChunk(chunk);
    });
}

/**
 * A loader over the store's own better-sqlite3 handle. It runs inside `db.connection()`, which
 * holds Kysely's single-connection mutex: a transaction in flight (commitOp, putSnapshot) is
 * never read half-done through the shared connection.
 */
export function sqliteSnapshotLoader(db: Kysely<StoreDatabase>, database: Database.Database): SnapshotLoader {
  // Prepared on first use: the table only exists once migrations have run.
  let stmt: Database.Statement<[string], unknown[]> | undefined;
  return (target) =>
    db.connection().execute(async () => {
      stmt ??= prepare(db, database);
      // Row by row: all() would hold every raw row (JSON text included) next to the entities
      // built from them, ~40 MB more at the peak on 200,000 rows.
      const out: SnapshotEntity[] = [];
      for (const r of stmt.iterate(target) as IterableIterator<unknown>) out.push(fromLoadedRow(target, r as LoadedRow));
      return out;
    });
}

function prepare(db: Kysely<StoreDatabase>, database: Database.Database): Database.Statement<[string], unknown[]> {
  const compiled = snapshotQuery(db, '').compile();
  // The statement is run with the target as its only parameter; anything else is a bug here.
  if (compiled.parameters.length !== 1) {
    throw new InternalError(`snapshot query has ${compiled.parameters.length} parameters, expected 1`);
  }
  return database.prepare<[string], unknown[]>(compiled.sql).raw(true);
}
