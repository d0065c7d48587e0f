/**
 * Kysely's table introspection on PostgreSQL, kept to the schemas on the connection's
 * search_path (the store's `?schema=` one first, see store-url.ts). The migrator asks it whether
 * its bookkeeping tables exist. Kysely's own introspector reads every schema of the database and
 * calls `has_schema_privilege(name, …)` on each by name: when another store's schema is dropped
 * during that query (a second billsync store in the same database being removed, a test run
 * cleaning up), PostgreSQL fails it with "schema … does not exist" and the migration — and with
 * it `apply` or the daemon's start — fails for a schema that was never ours.
 */
import { type DatabaseIntrospector, type Kysely, PostgresDialect, type SchemaMetadata, sql, type TableMetadata } from 'kysely';

class SearchPathIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select unnest(current_schemas(false)) as name`.execute(this.db);
    return rows;
  }

  /** Tables and views of the search path's schemas, without columns (the migrator needs names only). */
  async getTables(): Promise<TableMetadata[]> {
    // Joined by oid, filtered by name: no function of a schema's name runs on another schema.
    const { rows } = await sql<{ name: string; schema: string; is_view: boolean }>`
      select c.relname as name, ns.nspname as schema, c.relkind = 'v' as is_view
      from pg_catalog.pg_class c join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = any (current_schemas(false)) and c.relkind in ('r', 'v', 'p')
      order by ns.nspname, c.relname`.execute(this.db);
    return rows.map((r) => ({ name: r.name, schema: r.schema, isView: r.is_view, columns: [] }));
  }

  async getMetadata(): Promise<{ tables: TableMetadata[] }> {
    return { tables: await this.getTables() };
  }
}

/** PostgresDialect whose introspection sees the search path's schemas only (see above). */
export class StoreSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SearchPathIntrospector(db);
  }
}
