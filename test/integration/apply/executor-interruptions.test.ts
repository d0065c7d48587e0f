/**
 * What an apply does when things go wrong around it: a target failing every op alike is stopped
 * after retry.stop_after failures in a row (a wrong key must not be hammered once per entity); a
 * store that fails to record a successful call aborts the run with a STORE error saying the call
 * succeeded; an abort stops new ops and records them as not run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executePlan } from '../../../src/apply/executor.js';
import type { TargetConfig } from '../../../src/config/types.js';
import type { Entity } from '../../../src/model/entity.js';
import { BillsyncError, TargetRequestError } from '../../../src/model/errors.js';
import type { Op } from '../../../src/model/op.js';
import type { Plan } from '../../../src/model/plan.js';
import type { Store } from '../../../src/store/store.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import type { Target } from '../../../src/targets/target.js';
import { pino } from 'pino';
import { silentLogger } from '../../../src/util/logger.js';
import { openTempSqliteStore, type TempStore } from '../../support/temp-store.js';

const customer = (key: string): Entity => ({ target: 'tv', kind: 'customer', key, attrs: { lastname: key }, sets: { tariffs: [] } });
const creates = (n: number): Op[] => Array.from({ length: n }, (_, i) => ({ seq: i + 1, target: 'tv', kind: 'customer', key: `c${i + 1}`, after: [], type: 'create', entity: customer(`c${i + 1}`) }));
const planOf = (ops: Op[]): Plan => ({
  version: 1, createdAt: 'now', configHash: 'c', snapshotHashes: {}, ops, skipped: [], heldBack: [],
  summary: { byTarget: { tv: { create: ops.length } }, total: ops.length, skipped: 0, heldBack: 0, heldBySafety: 0 },
});
const config = (stopAfter?: number): TargetConfig => ({
  name: 'tv', type: 'smarty', options: {}, rate: { concurrency: 1 },
  retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, ...(stopAfter ? { stopAfter } : {}) },
  safety: { minSourceShare: 0 }, drift: 'report', position: { file: 'sync.yaml', line: 1, col: 1 },
});

function targetThat(execute: (op: Op) => Promise<{ remoteId: string }>): Target & { calls: number } {
  const t = { type: 'smarty', name: 'tv', kinds: SMARTY_KINDS, calls: 0, async execute(op: Op) { t.calls++; return execute(op); }, async observe() { return null; }, async close() {} };
  return t as unknown as Target & { calls: number };
}

let temp: TempStore;
beforeEach(async () => (temp = await openTempSqliteStore()));
afterEach(async () => temp.cleanup());

const run = (plan: Plan, target: Target, store: Store, cfg: TargetConfig, signal?: AbortSignal) =>
  executePlan(plan, 'run-1', { store, targets: new Map([['tv', target]]), configs: { tv: cfg }, snapshot: new Map([['tv', new Map()]]), logger: silentLogger(), sleep: async () => undefined, ...(signal ? { signal } : {}) });

describe('executor under trouble', () => {
  it('stops a target after N failures in a row with the same reason and leaves the rest not run', async () => {
    const target = targetThat(async () => {
      throw new TargetRequestError('smarty answered error 4: invalid signature (check targets.tv.options.key)', { retryable: false });
    });
    const result = await run(planOf(creates(291)), target, temp.store, config(10));
    // The op the queue had already started when the tenth failed may fail too (concurrency 1).
    expect(result.failed.length).toBeGreaterThanOrEqual(10);
    expect(result.failed.length).toBeLessThanOrEqual(11);
    expect(result.failed.length + result.notRun.length).toBe(291);
    expect(result.notRun[0]!.reason).toContain('target tv stopped for this run after 10 ops failed in a row');
    expect(target.calls).toBe(result.failed.length);
  });

  it('does not stop for failures that differ (one subscriber’s bad data each)', async () => {
    let n = 0;
    const target = targetThat(async (op) => {
      n++;
      if (n % 2 === 0) return { remoteId: op.key };
      throw new TargetRequestError(`field ${'x'.repeat(n % 5)} invalid`, { retryable: false });
    });
    const result = await run(planOf(creates(40)), target, temp.store, config(3));
    expect(result.notRun).toHaveLength(0);
    expect(result.succeeded).toBe(20);
  });

  it('aborts with a STORE error that says the target call succeeded when the commit fails', async () => {
    const target = targetThat(async (op) => ({ remoteId: op.key }));
    const broken: Store = { ...temp.store, listOps: temp.store.listOps.bind(temp.store), recordOpFailure: temp.store.recordOpFailure.bind(temp.store), commitOp: async () => { throw new Error('disk I/O error'); } } as Store;
    const err = await run(planOf(creates(3)), target, broken, config()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BillsyncError);
    expect((err as BillsyncError).code).toBe('STORE');
    expect((err as BillsyncError).message).toMatch(/the call to the target succeeded, so the next run finds that object and adopts it/);
  });

  it('stops taking new ops on abort and records them as not run', async () => {
    const controller = new AbortController();
    const target = targetThat(async (op) => {
      if (op.key === 'c2') controller.abort(new Error('received SIGINT'));
      return { remoteId: op.key };
    });
    const result = await run(planOf(creates(10)), target, temp.store, config(), controller.signal);
    expect(result.succeeded).toBe(2);
    expect(result.notRun).toHaveLength(8);
    expect(result.notRun[0]!.reason).toBe('not run: the apply was stopped');
    const logged = await temp.store.listOps('run-1');
    expect(logged.filter((o) => o.status === 'skipped')).toHaveLength(8);
  });

  it('an abort during a back-off returns at once: the op is not run, no second call, no waiting it out', async () => {
    const controller = new AbortController();
    const target = targetThat(async () => {
      throw new TargetRequestError('smarty answered HTTP 503', { retryable: true, status: 503 });
    });
    // The executor logs "retrying" just before it starts waiting; abort on the next turn of the
    // event loop, i.e. during the wait (the real, default sleep: no `sleep` is injected).
    const logger = pino({ level: 'warn' }, { write: (line: string) => void (line.includes('retrying') && setTimeout(() => controller.abort(new Error('received SIGINT')), 0)) });
    const hour = 3_600_000;
    const cfg: TargetConfig = { ...config(), retry: { maxAttempts: 5, baseDelayMs: hour, maxDelayMs: hour } };
    const result = await executePlan(planOf(creates(1)), 'run-1', { store: temp.store, targets: new Map([['tv', target]]), configs: { tv: cfg }, snapshot: new Map([['tv', new Map()]]), logger, signal: controller.signal });
    expect(target.calls).toBe(1);
    expect(result.failed).toHaveLength(0);
    expect(result.notRun.map((f) => f.reason)).toEqual(['not run: the apply was stopped']);
  }, 30_000);
});
