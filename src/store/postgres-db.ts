/** Opens a PostgreSQL store (`pg` Pool through Kysely). */
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { BillsyncError } from '../model/errors.js';
import type { StoreDatabase } from './schema.js';
import { StoreSchemaPostgresDialect } from './store-schema-introspector.js';
import type { PostgresLocation } from './store-url.js';

export interface OpenedPostgres {
  readonly db: Kysely<StoreDatabase>;
  /** The schema the store's tables live in (the `?schema=` one, else the server's current). */
  readonly schema: string;
  /** The pool under `db`, for what Kysely cannot do: COPY (postgres-snapshot-writer.ts). Ended by `db.destroy()`. */
  readonly pool: pg.Pool;
}

/**
 * Connects, creates the `?schema=` schema if missing (the pool's startup options already put it
 * first on every connection's search_path, see store-url.ts) and reports the schema in use.
 * Connection failures become BillsyncError('STORE') naming the URL without its password.
 */
export async function openPostgres(loc: PostgresLocation): Promise<OpenedPostgres> {
  const pool = new pg.Pool({
    connectionString: loc.connectionString,
    max: 10,
    // Without a timeout an unreachable host hangs until the OS gives up (minutes).
    connectionTimeoutMillis: 10_000,
  });
  // An idle pooled connection that dies (server restart) emits 'error' on the pool; unhandled,
  // that would kill the process. The next query gets a fresh connection or fails loudly itself.
  pool.on('error', () => undefined);
  // A connection that dies while checked out (a query or transaction running on it: failover, a
  // killed backend, a network cut) emits 'error' on its client, where pg-pool does not listen:
  // unhandled, it killed apply and the daemon mid-run with a raw stack trace. The running query
  // is rejected all the same (an apply reports it as a STORE error), and the pool discards the
  // dead client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<StoreDatabase>({ dialect: new StoreSchemaPostgresDialect({ pool }) });
  try {
    if (loc.schema !== null) await ensureSchema(db, loc.schema);
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const schema = rows[0]?.schema ?? null;
    if (schema === null) {
      throw new Error('no schema on the search_path exists (current_schema() is null)');
    }
    return { db, schema, pool };
  } catch (cause) {
    await db.destroy().catch(() => undefined);
    throw new BillsyncError('STORE', `cannot use store ${loc.display}: ${describe(cause)}`, {
      fix: 'is PostgreSQL running and reachable? check store.url in sync.yaml (user, database, permissions)',
      cause,
    });
  }
}

/**
 * `create schema if not exists` can still fail with a unique violation when two processes race
 * (PostgreSQL checks before it inserts); the schema existing afterwards is all that matters.
 */
async function ensureSchema(db: Kysely<StoreDatabase>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (err) {
    const { rows } = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
    if (rows.length === 0) throw err;
  }
}

/** Node's connect errors are often AggregateErrors with an empty message; find the words. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.message) return err.message;
  const code = (err as { code?: unknown }).code;
  const inner = err instanceof AggregateError ? (err.errors[0] as Error | undefined)?.message : undefined;
  return inner || (typeof code === 'string' ? code : err.name);
}
