/**
 * Preflight: before `plan` or `apply` reads or writes anything in bulk, every source and target
 * it will touch answers one cheap authenticated read (the adapters' `check()`). A wrong key or a
 * platform that is down stops the command before it starts, naming the config key to fix —
 * instead of one failure per entity, each retried; a check that fails is asked again twice
 * first, so a passing 5xx, 429 or reset does not.
 */
import type { CheckResult } from '../model/check.js';
import { BillsyncError } from '../model/errors.js';
import type { Runtime } from './runtime.js';
import { sleep } from '../util/sleep.js';

export interface SystemCheck {
  /** `source hydra` / `target smarty` */
  readonly system: string;
  readonly type: string;
  readonly results: readonly CheckResult[];
}

/** Runs every adapter's check (all at once); an adapter without one reports nothing. */
export async function checkSystems(rt: Pick<Runtime, 'sources' | 'targets'>, signal?: AbortSignal): Promise<SystemCheck[]> {
  const systems = [
    ...[...rt.sources].map(([name, s]) => ({ system: `source ${name}`, type: s.type, check: s.check?.bind(s) })),
    ...[...rt.targets].map(([name, t]) => ({ system: `target ${name}`, type: t.type, check: t.check?.bind(t) })),
  ];
  return Promise.all(
    systems.map(async ({ system, type, check }) => {
      if (!check) return { system, type, results: [] };
      try {
        return { system, type, results: await check(signal) };
      } catch (err) {
        // check() reports what it finds; a throw is a bug or a failure it did not foresee.
        const detail = err instanceof BillsyncError ? err.message : `check failed unexpectedly: ${(err as Error).message}`;
        return { system, type, results: [{ name: 'check', status: 'failed' as const, detail, ...(err instanceof BillsyncError && err.fix ? { fix: err.fix } : {}) }] };
      }
    }),
  );
}

/**
 * Rounds of checks before a failure counts, and the waits between them. A check cannot tell a
 * platform's passing 502, 429 or reset from a lasting fault, and one blip must not stop a whole
 * run (DESIGN rule 4: retryable errors back off, bounded); a wrong key fails every round, so it
 * is reported all the same, ~1.3 s later.
 */
const ROUNDS = 3;
const BACKOFF_MS: readonly number[] = [300, 1000];

const failures = (checks: readonly SystemCheck[]) => checks.flatMap((c) => c.results.filter((r) => r.status === 'failed').map((r) => ({ ...r, system: c.system })));

/** Throws PREFLIGHT listing every failed check with its fix; fallbacks are fine. */
export async function preflight(rt: Pick<Runtime, 'sources' | 'targets'>, signal?: AbortSignal, opts: { sleep?: (ms: number, signal?: AbortSignal) => Promise<void> } = {}): Promise<void> {
  const wait = opts.sleep ?? sleep;
  let checks = await checkSystems(rt, signal);
  for (let round = 1; round < ROUNDS && failures(checks).length > 0; round++) {
    await wait(BACKOFF_MS[round - 1] ?? 1000, signal);
    // Only the systems that failed are asked again; the others keep their results.
    const again = new Set(failures(checks).map((f) => f.system));
    const retried = await checkSystems(
      {
        sources: new Map([...rt.sources].filter(([name]) => again.has(`source ${name}`))),
        targets: new Map([...rt.targets].filter(([name]) => again.has(`target ${name}`))),
      },
      signal,
    );
    checks = checks.map((c) => retried.find((r) => r.system === c.system) ?? c);
  }
  const failed = failures(checks);
  if (failed.length === 0) return;
  const lines = failed.map((f) => `${f.system}: ${f.name}: ${f.detail}${f.fix ? ` (fix: ${f.fix})` : ''}`);
  throw new BillsyncError('PREFLIGHT', `preflight failed, nothing was read or written:\n  ${lines.join('\n  ')}`, {
    fix: "fix the keys named above; 'billsync check' prints the full compatibility report",
  });
}
