/**
 * How the AX views read a parsed JSON body: `data['key']` on whatever `get_json()` returned.
 * A missing key, or a body that is not an object, raises in Python; here it throws
 * {@link PythonError}, which a guarded route turns into 422 `Ошибка запроса` and an unguarded
 * one into a 500 page.
 */
import type { SmartyardState } from './state.js';
import type { Reply } from './views.js';

/** An exception the Python view would raise (KeyError, TypeError, ValueError…). */
export class PythonError extends Error {}

/** What psycopg2 raises when the database cannot be reached (caught like any other exception). */
export class DatabaseError extends PythonError {
  constructor() {
    super('psycopg2.OperationalError: could not connect to server');
  }
}

/** `data[key]`: KeyError when absent, TypeError when `data` is a list, string or number. */
export function field(data: unknown, key: string): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new PythonError(`TypeError: indices (${key})`);
  if (!Object.hasOwn(data, key)) throw new PythonError(`KeyError: '${key}'`);
  return (data as Record<string, unknown>)[key];
}

/** Python `int(v)`: truncates floats, accepts booleans and digit strings (with surrounding spaces). */
export function pyInt(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v) || 0;
  if (typeof v === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(v)) return Number(v.trim().replace(/_/g, '')) || 0;
  throw new PythonError(`ValueError: invalid literal for int(): ${JSON.stringify(v)}`);
}

/**
 * The server's condition, switchable by tests: which published revision's models the routes
 * meet, and whether its database answers.
 */
export interface ServerCondition {
  /**
   * The published HEAD: `devices_add/` and `doors_add/` construct their model rows without the
   * columns HEAD's models added (record_path, second_door, onvif…; rubetek_uuid, rubetek_ext), so
   * every call raises a TypeError inside the guarded block and answers 422 `Ошибка запроса`.
   */
  head: boolean;
  /**
   * The database is unreachable: `devices_list/` and `types_list/` swallow the error and answer
   * empty lists (as published), every other guarded route answers 422, unguarded ones 500.
   */
  databaseDown: boolean;
}

/** A route of the emulated `/bill/api`. */
export interface BillRoute {
  /** Path under `/bill/api/`, without the trailing slash (`rights_add`, `users/clients/create`). */
  readonly name: string;
  /** The view calls the body helper (non-JSON → 400, falsy JSON → 422 JSON) before anything else. */
  readonly readsBody: boolean;
  /** Counts as a write in the stats (the "second apply makes zero writes" check). */
  readonly write: boolean;
  /** The view wraps its work in try/except answering 422 text; otherwise an exception is a 500. */
  readonly guarded: boolean;
  /** `data` is the parsed JSON (undefined for views that don't read the body). */
  readonly handle: (data: unknown, state: SmartyardState, condition: ServerCondition) => Reply;
}
