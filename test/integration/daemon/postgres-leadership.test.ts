/**
 * Advisory-lock leadership against the real PostgreSQL: one holder per target, a follower takes
 * over when the holder closes, and a killed connection is lost leadership (then regained).
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { advisoryKey } from '../../../src/lock/advisory-key.js';
import { PostgresLeadership } from '../../../src/lock/postgres-leadership.js';
import { parseStoreUrl, type PostgresLocation } from '../../../src/store/store-url.js';
import { silentLogger } from '../../../src/util/logger.js';

const PG_URL = process.env.BILLSYNC_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function recorder() {
  const events: string[] = [];
  return { events, on: { acquired: (t: string) => events.push(`+${t}`), lost: (t: string) => events.push(`-${t}`) } };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('PostgresLeadership', () => {
  const open: PostgresLeadership[] = [];
  const schema = `lead_${process.pid}_${Date.now().toString(36)}`;
  const loc = parseStoreUrl(`${PG_URL}?schema=${schema}`, '/') as PostgresLocation;
  const make = () => {
    const l = new PostgresLeadership(loc, ['smarty', 'smotreshka'], silentLogger(), { pollMs: 100 });
    open.push(l);
    return l;
  };

  afterEach(async () => {
    await Promise.all(open.splice(0).map((l) => l.close()));
  });

  it('one leader per target; the follower takes over when the leader lets go', async () => {
    const a = make();
    const ra = recorder();
    await a.start(ra.on, { watch: true });
    expect(a.held()).toEqual(['smarty', 'smotreshka']);
    const b = make();
    const rb = recorder();
    await b.start(rb.on, { watch: true });
    expect(b.held()).toEqual([]);
    await a.close();
    await until(() => b.held().length === 2);
    expect(rb.events).toEqual(['+smarty', '+smotreshka']);
  });

  it('a killed leadership connection is lost leadership, then regained', async () => {
    const a = make();
    const r = recorder();
    await a.start(r.on, { watch: true });
    const key = BigInt.asUintN(64, BigInt(advisoryKey(`/test/${schema}`, 'smarty')));
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ pid: number }>("select pid from pg_locks where locktype = 'advisory' and classid = $1 and objid = $2 and granted", [String(key >> 32n), String(key & 0xffffffffn)]);
      expect(rows).toHaveLength(1);
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    } finally {
      await admin.end();
    }
    await until(() => r.events.includes('-smarty'));
    await until(() => a.holds('smarty'));
    expect(r.events.slice(0, 2)).toEqual(['+smarty', '+smotreshka']);
    expect(r.events.filter((e) => e === '+smarty')).toHaveLength(2);
  });
});
