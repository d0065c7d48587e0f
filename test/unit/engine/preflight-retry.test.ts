/**
 * Preflight and transient trouble: one 5xx, 429 or reset from a platform must not stop an apply
 * (DESIGN rule 4: retryable errors back off, bounded) — the chaos suite's "all at once" faults
 * failed whole applies at their first request with "preflight failed". A check that keeps
 * failing (a wrong key) still stops the command, after the bounded retries.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/model/check.js';
import { preflight } from '../../../src/engine/preflight.js';
import type { Runtime } from '../../../src/engine/runtime.js';

const ok: CheckResult = { name: 'tariff/list', status: 'ok', detail: 'answered' };
const failed: CheckResult = { name: 'tariff/list', status: 'failed', detail: 'HTTP 502', fix: 'targets.t.url: …' };

/** A runtime whose one target answers its checks in turn from `answers` (the last one repeats). */
function runtimeWith(answers: readonly (readonly CheckResult[])[]): { rt: Pick<Runtime, 'sources' | 'targets'>; calls: () => number } {
  let calls = 0;
  const target = { type: 'smarty', check: async () => answers[Math.min(calls++, answers.length - 1)]! };
  const source = { type: 'hydra', check: async () => [ok] };
  return { rt: { sources: new Map([['s', source]]), targets: new Map([['t', target]]) } as unknown as Pick<Runtime, 'sources' | 'targets'>, calls: () => calls };
}

const noWait = { sleep: async () => undefined };

describe('preflight retries a failed check before it stops the command', () => {
  it('a check that fails once, then passes, lets the command go on', async () => {
    const { rt, calls } = runtimeWith([[failed], [ok]]);
    await expect(preflight(rt, undefined, noWait)).resolves.toBeUndefined();
    expect(calls()).toBe(2);
  });

  it('a check that keeps failing stops the command, naming it, after three rounds', async () => {
    const { rt, calls } = runtimeWith([[failed]]);
    await expect(preflight(rt, undefined, noWait)).rejects.toThrow(/preflight failed, nothing was read or written:\n {2}target t: tariff\/list: HTTP 502/);
    expect(calls()).toBe(3);
  });
});
