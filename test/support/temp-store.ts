/** A throw-away SQLite store for tests of other modules (apply, cli, daemon). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/db.js';
import type { Store } from '../../src/store/store.js';

export interface TempStore {
  readonly store: Store;
  /** `sqlite:/tmp/…/state.db`; open it again with `openStore(url, { baseDir })` if needed. */
  readonly url: string;
  /** Closes the store and deletes its directory. */
  cleanup(): Promise<void>;
}

/** Opens a migrated SQLite store in a fresh directory under os.tmpdir(). */
export async function openTempSqliteStore(): Promise<TempStore> {
  const dir = await mkdtemp(join(tmpdir(), 'billsync-store-'));
  const url = `sqlite:${join(dir, 'state.db')}`;
  try {
    const store = await openStore(url, { baseDir: dir });
    return {
      store,
      url,
      async cleanup() {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
