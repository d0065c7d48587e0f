/** `billsync status RUN_ID`: one run from its row and op log, pure. */
import { describe, expect, it } from 'vitest';
import { renderRunDetail, runDetail, runDetailJson } from '../../../src/report/run-detail.js';
import type { Op } from '../../../src/model/op.js';
import type { HeldBackRecord, OpLogRecord, OpStatus, RunRecord } from '../../../src/store/store.js';

const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  id: '20261204T120000Z-abcd',
  mode: 'apply',
  startedAt: '2026-12-04T12:00:00.000Z',
  finishedAt: '2026-12-04T12:00:42.500Z',
  status: 'partial',
  counts: { total: 6, succeeded: 2, failed: 3, not_run: 1, held_back: 4 },
  planHash: 'f'.repeat(64),
  owner: '4242@isp-sync-1',
  ...over,
});

let seq = 0;
function logged(target: string, key: string, status: OpStatus, error: string | null = null): OpLogRecord {
  seq++;
  const op = { seq, target, kind: 'customer', key, after: [], type: 'delete' } as unknown as Op;
  return { runId: run().id, seq, target, kind: 'customer', key, op, status, attempts: status === 'failed' ? 5 : 1, error, at: '2026-12-04T12:00:01.000Z' };
}

const ops = [
  logged('smarty', '1001', 'ok'),
  logged('smarty', '1002', 'failed', 'Smarty error 3 for customer 1002: invalid tariff'),
  logged('smarty', '1003', 'failed', 'Smarty error 3 for customer 1003: invalid tariff'),
  logged('smotreshka', 'isp_tv1', 'failed', 'HTTP 403: source IP not allowed'),
  logged('smotreshka', 'isp_tv2', 'ok'),
  logged('smotreshka', 'isp_tv3', 'skipped', 'not run: the apply was stopped'),
];

const held: HeldBackRecord[] = [
  { target: 'smarty', hash: '1a2b3c4d5e6f7a8b', ops: 4, reasons: [], since: '2026-12-04T11:00:00.000Z', updatedAt: '2026-12-04T12:00:00.000Z' },
  { target: 'smartyard', hash: '9999999999999999', ops: 1, reasons: [], since: '2026-12-04T11:00:00.000Z', updatedAt: '2026-12-04T12:00:00.000Z' },
];

describe('runDetail', () => {
  it('counts per target, groups failures by reason with example keys, and times the run', () => {
    const d = runDetail(run(), ops, held);
    expect(d.durationMs).toBe(42_500);
    expect(d.targets).toEqual({ smarty: { ok: 1, failed: 2, notRun: 0 }, smotreshka: { ok: 1, failed: 1, notRun: 1 } });
    expect(d.failureGroups).toEqual([
      { target: 'smarty', reason: 'Smarty error 3 for customer …: invalid tariff', count: 2, examples: ['customer 1002', 'customer 1003'] },
      { target: 'smotreshka', reason: 'HTTP 403: source IP not allowed', count: 1, examples: ['customer isp_tv1'] },
    ]);
    expect(d.notRunGroups).toEqual([{ target: 'smotreshka', reason: 'not run: the apply was stopped', count: 1, examples: ['customer isp_tv3'] }]);
    expect(d.heldBack).toBe(4);
    // Only the held-back sets of targets this run touched.
    expect(d.heldBackNow.map((h) => h.target)).toEqual(['smarty']);
    expect(d.note).toBeNull();
  });

  it('renders it for a person, with the approve command for what is held back', () => {
    const text = renderRunDetail(runDetail(run(), ops, held));
    expect(text).toContain('Run 20261204T120000Z-abcd (apply): partial');
    expect(text).toContain('(43 s)');
    expect(text).toMatch(/smarty\s+1 ok\s+2 failed\s+0 not run/);
    expect(text).toContain('✗ smarty: 2 × Smarty error 3 for customer …: invalid tariff');
    expect(text).toContain('e.g. customer 1002, customer 1003');
    expect(text).toContain("billsync approve smarty --hash 1a2b3c4d5e6f7a8b");
  });

  it('says what an interrupted, abandoned or running run means', () => {
    expect(runDetail(run({ status: 'interrupted' }), ops, []).note).toMatch(/^Interrupted by a signal/);
    const abandoned = runDetail(run({ status: 'abandoned', finishedAt: null }), [], []);
    expect(abandoned.note).toContain('4242@isp-sync-1');
    expect(abandoned.durationMs).toBeNull();
    expect(renderRunDetail(abandoned)).toContain('No op was recorded for this run.');
    expect(runDetail(run({ status: 'running', finishedAt: null }), [], []).note).toMatch(/^Still running/);
  });

  it('gives the same as JSON', () => {
    const json = runDetailJson(runDetail(run(), ops, held)) as Record<string, unknown>;
    expect(json).toMatchObject({ id: run().id, status: 'partial', durationMs: 42_500, heldBack: 4 });
    expect((json.failureGroups as unknown[]).length).toBe(2);
  });
});
