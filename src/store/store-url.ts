/**
 * Parsing of `store.url` from sync.yaml into a dialect choice. Pure: no I/O, no env.
 *
 *   sqlite:.billsync/state.db   relative to the config's directory
 *   sqlite:/abs/path.db         absolute
 *   sqlite::memory:             in-memory (tests; nothing survives the process)
 *   postgres://user:pw@host:5432/db?schema=NAME   (or postgresql://)
 */
import { isAbsolute, resolve } from 'node:path';
import { BillsyncError } from '../model/errors.js';

export interface SqliteLocation {
  readonly dialect: 'sqlite';
  /** Absolute file path, or `:memory:`. */
  readonly file: string;
  /** The URL as the user wrote it, safe to print. */
  readonly display: string;
}

export interface PostgresLocation {
  readonly dialect: 'postgres';
  /** Connection string for `pg`, without billsync's own `schema` parameter. */
  readonly connectionString: string;
  /** Schema to create and put first on the search_path; `null` = the server's default. */
  readonly schema: string | null;
  /** The URL with the password masked, safe to print. */
  readonly display: string;
}

export type StoreLocation = SqliteLocation | PostgresLocation;

const FIX = 'use sqlite:PATH (e.g. sqlite:.billsync/state.db) or postgres://user@host:5432/db in store.url of sync.yaml';

/**
 * Lower-case identifiers only: PostgreSQL folds unquoted names in `search_path` to lower case,
 * so any other spelling would create one schema and search another.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Parses a store URL; `baseDir` anchors relative SQLite paths. Throws BillsyncError('STORE'). */
export function parseStoreUrl(url: string, baseDir: string): StoreLocation {
  if (url.startsWith('sqlite:')) return parseSqlite(url, baseDir);
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return parsePostgres(url);
  throw new BillsyncError('STORE', `unsupported store URL "${maskPassword(url)}"`, { fix: FIX });
}

function parseSqlite(url: string, baseDir: string): SqliteLocation {
  const rest = url.slice('sqlite:'.length);
  if (rest === ':memory:') return { dialect: 'sqlite', file: ':memory:', display: url };
  if (rest === '') throw new BillsyncError('STORE', `store URL "${url}" names no database file`, { fix: FIX });
  // `sqlite://host/…` has no meaning for a local file; refuse it rather than guess.
  if (rest.startsWith('//')) {
    throw new BillsyncError('STORE', `store URL "${url}": write sqlite:/absolute/path.db or sqlite:relative/path.db`, {
      fix: FIX,
    });
  }
  return { dialect: 'sqlite', file: isAbsolute(rest) ? rest : resolve(baseDir, rest), display: url };
}

function parsePostgres(url: string): PostgresLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new BillsyncError('STORE', `store URL "${maskPassword(url)}" is not a valid URL`, { fix: FIX, cause });
  }
  const schema = parsed.searchParams.get('schema');
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new BillsyncError('STORE', `store URL "${maskPassword(url)}": schema "${schema}" is not a plain identifier`, {
      fix: 'use lower-case letters, digits and underscores for ?schema=, starting with a letter or underscore',
    });
  }
  parsed.searchParams.delete('schema');
  if (schema !== null) {
    // The server applies startup `options` to every pooled connection before its first query:
    // no per-connection round trip, and no window where a connection runs on the default path.
    // Appended, so options the user put in the URL still apply.
    const prior = parsed.searchParams.get('options');
    parsed.searchParams.set('options', `${prior ? `${prior} ` : ''}-c search_path=${schema}`);
  }
  return {
    dialect: 'postgres',
    connectionString: parsed.toString(),
    schema,
    display: maskPassword(url),
  };
}

/** The URL with any password replaced by `***`, for messages and logs. */
export function maskPassword(url: string): string {
  // A regex rather than URL: it must also work on strings that URL refuses to parse (e.g. an
  // unencoded `/` or `@` in the password), so it masks up to the last `@` before any query.
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*):[^?#]*@/i, '$1:***@');
}
