/** The executor's progress callbacks: per-target done/total and failures, ending at the total. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executePlan, type ApplyProgress } from '../../../src/apply/executor.js';
import type { TargetConfig } from '../../../src/config/types.js';
import type { Entity } from '../../../src/model/entity.js';
import { TargetRequestError } from '../../../src/model/errors.js';
import type { Op } from '../../../src/model/op.js';
import type { Plan } from '../../../src/model/plan.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import type { Target } from '../../../src/targets/target.js';
import { silentLogger } from '../../../src/util/logger.js';
import { openTempSqliteStore, type TempStore } from '../../support/temp-store.js';

const customer = (target: string, key: string): Entity => ({ target, kind: 'customer', key, attrs: { lastname: key }, sets: { tariffs: [] } });
const config = (name: string): TargetConfig => ({
  name, type: 'smarty', options: {}, rate: { concurrency: 2 },
  retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  safety: { minSourceShare: 0 }, drift: 'report', position: { file: 'sync.yaml', line: 1, col: 1 },
});

function target(name: string, fails: (key: string) => boolean): Target {
  return {
    type: 'smarty', name, kinds: SMARTY_KINDS,
    async execute(op: Op) {
      if (fails(op.key)) throw new TargetRequestError(`rejected ${op.key}`, { retryable: false });
      return { remoteId: op.key };
    },
    async observe() { return null; },
    async close() {},
  } as unknown as Target;
}

let temp: TempStore;
beforeEach(async () => (temp = await openTempSqliteStore()));
afterEach(async () => temp.cleanup());

describe('executePlan progress', () => {
  it('reports every settled op with per-target counts, failures and not-run dependents included', async () => {
    // a: 4 creates of which a2 fails; b: 3 creates, b3 waiting for b2 (fails) and so not run.
    const ops: Op[] = [
      ...[1, 2, 3, 4].map((i): Op => ({ seq: i, target: 'a', kind: 'customer', key: `a${i}`, after: [], type: 'create', entity: customer('a', `a${i}`) })),
      { seq: 5, target: 'b', kind: 'customer', key: 'b1', after: [], type: 'create', entity: customer('b', 'b1') },
      { seq: 6, target: 'b', kind: 'customer', key: 'b2', after: [], type: 'create', entity: customer('b', 'b2') },
      { seq: 7, target: 'b', kind: 'customer', key: 'b3', after: [6], type: 'create', entity: customer('b', 'b3') },
    ];
    const plan: Plan = {
      version: 1, createdAt: 'now', configHash: 'c', snapshotHashes: {}, ops, skipped: [], heldBack: [],
      summary: { byTarget: { a: { create: 4 }, b: { create: 3 } }, total: 7, skipped: 0, heldBack: 0, heldBySafety: 0 },
    };
    const seen: ApplyProgress[] = [];
    const result = await executePlan(plan, 'run-1', {
      store: temp.store,
      targets: new Map([['a', target('a', (k) => k === 'a2')], ['b', target('b', (k) => k === 'b2')]]),
      configs: { a: config('a'), b: config('b') },
      snapshot: new Map([['a', new Map()], ['b', new Map()]]),
      logger: silentLogger(),
      sleep: async () => undefined,
      // A live view: copy what is kept.
      onProgress: (p) => seen.push(structuredClone(p)),
    });
    expect(result.succeeded).toBe(4);
    expect(seen.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seen.every((p) => p.total === 7)).toBe(true);
    expect(seen.at(-1)).toEqual({
      done: 7, total: 7, failed: 3,
      targets: { a: { done: 4, total: 4, failed: 1 }, b: { done: 3, total: 3, failed: 2 } },
    });
  });
});
