/**
 * A PostgreSQL store migrates while other schemas of the same database come and go (another
 * store being removed, a test run cleaning up): its migration looks at its own schema only, so a
 * schema dropped by someone else mid-query cannot fail it with "schema … does not exist".
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.js';
import { dropSchema, PG_URL, TEST_SECRET_KEY, uniqueSchema, withSchema } from './dialects.js';

const CHURN_PREFIX = `billsync_churn_${process.pid}_${randomBytes(3).toString('hex')}`;

/** Creates and drops schemas (each with a table) back to back until stopped; how many it dropped. */
function churnSchemas(): { stop: () => Promise<number> } {
  const client = new pg.Client({ connectionString: PG_URL });
  let running = true;
  let dropped = 0;
  const loop = (async () => {
    await client.connect();
    try {
      for (let i = 0; running; i++) {
        const name = `${CHURN_PREFIX}_${i}`;
        await client.query(`create schema "${name}"; create table "${name}".t (id int primary key, v text)`);
        await client.query(`drop schema "${name}" cascade`);
        dropped++;
      }
    } finally {
      await client.end();
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return dropped;
    },
  };
}

describe('PostgreSQL store beside schemas being dropped', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    for (const s of schemas) await dropSchema(s);
  });

  it('migrates every fresh store while another client drops schemas in the same database', async () => {
    const churn = churnSchemas();
    const failures: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const schema = uniqueSchema();
        schemas.push(schema);
        try {
          const store = await openStore(withSchema(PG_URL, schema), { baseDir: '.', secretKey: TEST_SECRET_KEY });
          await store.close();
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    } finally {
      // The churn really ran alongside: it dropped schemas while the stores migrated.
      expect(await churn.stop()).toBeGreaterThan(0);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
