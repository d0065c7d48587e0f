/**
 * A PostgreSQL connection that dies while a store query runs on it (failover, a killed backend,
 * a network cut) must fail that query — which the apply turns into a STORE error — and never
 * crash the process. pg emits 'error' on a checked-out pool client whose socket dies, and
 * pg-pool listens only on idle ones: unhandled, that event killed `billsync apply` and the
 * daemon with a raw stack trace (found by test/chaos/store-faults.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres } from '../../../src/store/postgres-db.js';
import { parseStoreUrl, type PostgresLocation } from '../../../src/store/store-url.js';
import { TcpCutProxy } from '../../support/tcp-cut-proxy.js';
import { PG_URL } from './dialects.js';

describe('PostgreSQL store: a connection lost mid-query', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('fails the query and emits no unhandled error', async () => {
    const proxy = new TcpCutProxy('127.0.0.1', Number(new URL(PG_URL).port || 5432));
    const port = await proxy.start();
    cleanup.push(() => proxy.stop());
    const url = new URL(PG_URL);
    url.port = String(port);
    const loc = parseStoreUrl(url.toString(), '.') as PostgresLocation;
    const { db } = await openPostgres(loc);
    cleanup.push(() => db.destroy().catch(() => undefined));

    const unhandled: unknown[] = [];
    const onUncaught = (err: unknown): void => void unhandled.push(err);
    process.on('uncaughtException', onUncaught);
    cleanup.push(async () => void process.off('uncaughtException', onUncaught));

    // A query that runs until the cut; its marker lets the test see it running on the server.
    const marker = `chaos_${randomBytes(4).toString('hex')}`;
    const running = sql`select pg_sleep(10) as ${sql.id(marker)}`.execute(db);
    running.catch(() => undefined);
    const probe = new pg.Client({ connectionString: PG_URL });
    await probe.connect();
    cleanup.push(() => probe.end());
    for (let i = 0; ; i++) {
      const { rows } = await probe.query(`select 1 from pg_stat_activity where query like $1 and pid <> pg_backend_pid()`, [`%${marker}%`]);
      if (rows.length > 0) break;
      if (i > 600) throw new Error('the query never showed in pg_stat_activity');
      await new Promise((r) => setTimeout(r, 25));
    }
    proxy.cut();

    await expect(running).rejects.toThrow();
    // Let any 'error' event still queued be emitted before looking.
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).toEqual([]);

    // The pool recovers once the server is reachable again.
    proxy.heal();
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    expect(rows).toEqual([{ one: 1 }]);
  });
});
