/**
 * The console's pages over real HTTP against a store filled by hand: runs paged with their
 * failures grouped by reason, a run's ops paged and searched by key, subscriber search by key
 * and source id, hostile billing data escaped, secret attributes shown as [secret] even when a
 * row carries the value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import type { Op } from '../../../src/model/op.js';
import { request } from '../../e2e/console-support/http.js';
import { startStandIn, type StandIn } from './console-standin.js';
import { entity } from '../store/fixtures.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('console pages (stand-in daemon, hand-filled store)', () => {
  let s: StandIn;
  let bigRun: string;
  const runIds: string[] = [];

  beforeAll(async () => {
    s = await startStandIn({ auth: 'none', now: () => Date.now(), kinds: { smarty: SMARTY_KINDS }, sources: ['hydra'] });
    const store = s.temp.store;
    for (let i = 0; i < 54; i++) {
      const id = await store.beginRun('run', null);
      await store.finishRun(id, 'ok', { total: 0 });
      runIds.push(id);
    }
    bigRun = await store.beginRun('run', null);
    runIds.push(bigRun);
    for (let seq = 1; seq <= 150; seq++) {
      const e = entity({ target: 'smarty', kind: 'account', key: String(70100000 + (seq % 60)), attrs: { active: true, password: 918273 }, origin: { source: 'hydra', id: `Иванов/${seq % 60}` } });
      const op: Op = { type: 'create', seq, target: 'smarty', kind: 'account', key: e.key, after: [], entity: e };
      if (seq % 10 === 0) await store.recordOpFailure(bigRun, op, 'failed', 2, seq % 20 === 0 ? 'smarty error 4: неверный тариф' : HOSTILE);
      else await store.commitOp(bigRun, op, 1, { kind: 'put', entity: e });
    }
    await store.finishRun(bigRun, 'partial', { total: 150, succeeded: 135, failed: 15 });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('pages runs, newest first, with failures grouped by reason and escaped', async () => {
    const first = (await request(s.url, '/ui/runs')).body;
    expect(first.match(/href="\/ui\/run\?id=/g)).toHaveLength(50);
    expect(first.indexOf(bigRun)).toBeLessThan(first.indexOf(runIds[53]!));
    expect(first).toContain('7× smarty error 4: неверный тариф');
    expect(first).toContain('8× &lt;img src=x onerror=alert(1)&gt;');
    expect(first).not.toContain(HOSTILE);
    const older = /href="(\/ui\/runs\?before=[^"]+)"/.exec(first)![1]!;
    const second = (await request(s.url, older.replace(/&amp;/g, '&'))).body;
    expect(second.match(/href="\/ui\/run\?id=/g)).toHaveLength(5);
    expect(second).not.toContain('older runs');
  });

  it("pages a run's ops, searches them by key, and redacts secret attributes", async () => {
    const page = (await request(s.url, `/ui/run?id=${bigRun}`)).body;
    expect(page.match(/<tr id="op-/g)).toHaveLength(100);
    expect(page).toContain(`/ui/run?id=${bigRun}&amp;after=100`);
    expect(page).toContain('password=[secret]');
    expect(page).not.toContain('918273');
    expect(page).not.toContain(HOSTILE);
    const next = (await request(s.url, `/ui/run?id=${bigRun}&after=100`)).body;
    expect(next.match(/<tr id="op-/g)).toHaveLength(50);
    const byKey = (await request(s.url, `/ui/run?id=${bigRun}&key=70100007`)).body;
    expect([...byKey.matchAll(/<tr id="op-(\d+)"/g)].map((m) => Number(m[1]))).toEqual([7, 67, 127]);
  });

  it('finds a subscriber by entity key and by source id (Cyrillic as is)', async () => {
    const byKey = (await request(s.url, '/ui/subscriber?q=70100007')).body;
    expect(byKey).toContain('<h2>hydra:Иванов/7</h2>');
    const byId = (await request(s.url, `/ui/subscriber?q=${encodeURIComponent('hydra:Иванов/7')}`)).body;
    expect(byId).toContain('<h2>hydra:Иванов/7</h2>');
    expect(byId).toContain('key=70100007');
    const none = (await request(s.url, '/ui/subscriber?q=nobody')).body;
    expect(none).toContain('Nothing in the snapshot has the key or source id');
  });
});
