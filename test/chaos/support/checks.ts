/**
 * What every chaos trial asserts once the dust settles: the target emulator's own state equals
 * the reference (what a clean apply of the same billing data leaves), with no duplicate and
 * nothing lost; and one more apply plans nothing and sends no write.
 */
import { expect } from 'vitest';
import pg from 'pg';
import { PG_URL } from '../../integration/store/dialects.js';
import type { SmartyEmulator } from '../../../src/emulators/smarty/index.js';
import { describeDiff, diffCanon, duplicates, smartyKeyDuplicates, type Canon } from './canon.js';
import type { ChaosWorld, TrialStore } from './chaos-world.js';
import { cli, type CliResult } from './cli.js';

/** `billsync apply --yes --quiet` in this process, with `extra` arguments and environment. */
export function apply(w: ChaosWorld, store: TrialStore, extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return cli(['apply', '--yes', '--quiet', ...extra, '-c', w.config], { ...w.env(store), ...env }, w.dir);
}

/** Lost and extra objects against the reference, and duplicates by the platform's own keys. */
export function expectConverged(w: ChaosWorld, reference: Canon, label: string): void {
  const now = w.canon();
  const diff = diffCanon(reference, now);
  expect(duplicates(now), `${label}: duplicates on ${w.targetName}`).toEqual(duplicates(reference));
  if (w.targetName === 'smarty') expect(smartyKeyDuplicates((w.emulator as SmartyEmulator).state), `${label}: Smarty duplicates by key (customer ext_id, abonement, device uid, transaction ext_id)`).toBe(0);
  expect({ extra: diff.extra, missing: diff.missing }, `${label}: ${w.targetName} differs from the reference:\n${describeDiff(diff)}`).toEqual({ extra: {}, missing: {} });
}

/** One more apply: exit 0, nothing planned, not one write call reaching the emulator. */
export async function expectQuiet(w: ChaosWorld, store: TrialStore, label: string): Promise<void> {
  const before = w.writes();
  const r = await apply(w, store);
  expect(r.code, `${label}: the apply after convergence:\n${r.stdout}\n${r.stderr}`).toBe(0);
  expect(w.writes() - before, `${label}: write calls of the apply after convergence`).toBe(0);
}

/**
 * `plan --refresh` (the live target read back) after convergence: no op and no drift. Kinds the
 * platform cannot read (Smarty transactions) are listed as not read, never taken for missing.
 */
export async function expectRefreshQuiet(w: ChaosWorld, store: TrialStore, label: string): Promise<void> {
  const r = await cli(['plan', '--refresh', '--quiet', '--format', 'json', '-c', w.config], w.env(store), w.dir);
  expect(r.code, `${label}: plan --refresh after convergence:\n${r.stderr}`).toBe(0);
  const plan = JSON.parse(r.stdout) as { ops: { type: string; kind: string; key: string }[]; drift: unknown[] };
  expect(plan.ops.map((o) => `${o.type} ${o.kind} ${o.key}`), `${label}: ops of plan --refresh after convergence`).toEqual([]);
  expect(plan.drift, `${label}: drift found by plan --refresh after convergence`).toEqual([]);
}

/**
 * Waits until no PostgreSQL session of billsync process `pid` is left: a killed process's
 * advisory lock lives until the server notices its socket closed, which takes a moment. Polls a
 * condition (bounded), never a fixed sleep.
 */
export async function waitForPgSessionsGone(pid: number, timeoutMs = 30_000): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, application_name: 'billsync-chaos-probe' });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: string }>(`select count(*) as n from pg_stat_activity where application_name like $1`, [`billsync pid ${pid} %`]);
      if (Number(rows[0]?.n ?? 0) === 0) return;
      if (Date.now() > deadline) throw new Error(`PostgreSQL still has a session of killed billsync process ${pid} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await client.end();
  }
}
