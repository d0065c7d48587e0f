/**
 * The key of a store's secret digests (model/secret-digest.ts). It lives outside the database,
 * so a copy of the database alone (a backup, a dump, a read-only replica) cannot be used to
 * guess secrets:
 *
 * - `store.secret_key` in sync.yaml, when set (a secret: `${ENV}` or `${file:…}`). Required for
 *   PostgreSQL, where there is no natural place beside the database that every instance shares.
 * - otherwise, for a SQLite file, a random key in a file beside it (`state.db.key`), created
 *   with mode 0600 on first use and read from then on;
 * - for `sqlite::memory:`, a random key for the life of the process (nothing outlives it).
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { BillsyncError, InternalError } from '../model/errors.js';

/** Shortest `store.secret_key` accepted: 32 characters, e.g. `openssl rand -hex 32` gives 64. */
export const MIN_SECRET_KEY_LENGTH = 32;

/** How to give a PostgreSQL store its key (sync.yaml validation and openStore say the same). */
export const POSTGRES_KEY_FIX =
  'secret attributes (passwords, stream URLs) are stored as keyed digests, and the key must live outside the database: ' +
  'generate one with `openssl rand -hex 32` and set store.secret_key: ${BILLSYNC_STORE_KEY} (or ${file:/path}) in sync.yaml — the same key on every instance';

const KEY_FILE_TEXT = /^[0-9a-f]{64}$/;
const MAKE_KEY = 'openssl rand -hex 32';

/** Where a SQLite store keeps its key: beside the database file. */
export function keyFileOf(databaseFile: string): string {
  return `${databaseFile}.key`;
}

/** The key material of a `store.secret_key` setting; throws STORE when it is too short. */
export function keyFromSetting(value: string): Buffer {
  if (value.length < MIN_SECRET_KEY_LENGTH) {
    throw new BillsyncError('STORE', `store.secret_key is ${value.length} characters long; it needs at least ${MIN_SECRET_KEY_LENGTH}`, {
      path: 'store.secret_key',
      fix: `generate one with \`${MAKE_KEY}\` and keep it outside the database (secret_key: \${BILLSYNC_STORE_KEY} or \${file:…})`,
    });
  }
  return Buffer.from(value, 'utf8');
}

/** A key that lives as long as this process (in-memory stores). */
export function ephemeralKey(): Buffer {
  return randomBytes(32);
}

/**
 * Reads the key file, creating it (0600, 32 random bytes as hex) when it does not exist yet.
 * Creation is atomic: the key is written to a temporary file and linked into place, so two
 * processes opening a new store at once end up with the same key, and nobody reads half a file.
 */
export function loadOrCreateKeyFile(file: string): Buffer {
  const existing = readKeyFile(file);
  if (existing) return existing;
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(tmp, file);
    } catch (err) {
      // Another process made it first: theirs is the key.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  } catch (cause) {
    throw new BillsyncError('STORE', `cannot create the store's secret key file ${file}: ${(cause as Error).message}`, {
      fix: 'make the store directory writable, or set store.secret_key in sync.yaml',
      cause,
    });
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // Never created, or already gone.
    }
  }
  const made = readKeyFile(file);
  if (!made) throw new InternalError(`the key file ${file} vanished after it was created`);
  return made;
}

/** The key in `file`, or undefined when there is no such file. A damaged file is an error. */
function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BillsyncError('STORE', `cannot read the store's secret key file ${file}: ${(err as Error).message}`, {
      fix: 'make it readable by the user billsync runs as (and by no one else: chmod 600)',
      cause: err,
    });
  }
  const hex = text.trim();
  if (!KEY_FILE_TEXT.test(hex)) {
    throw new BillsyncError('STORE', `the store's secret key file ${file} is damaged (expected 64 hex digits)`, {
      fix: 'restore it from a backup; if it is lost, delete it: a new key is made, and secret attributes stored under the old one are sent again once',
    });
  }
  return Buffer.from(hex, 'hex');
}
