/**
 * Preflight: before `plan` or `apply` reads or writes anything in bulk, every source and target
 * it will touch answers one cheap authenticated read (the adapters' `check()`). A wrong key or a
 * platform that is down stops the command at once, naming the config key to fix — instead of
 * one failure per entity, each retried.
 */
import type { CheckResult } from '../model/check.js';
import { BillsyncError } from '../model/errors.js';
import type { Runtime } from './runtime.js';

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

/** Throws PREFLIGHT listing every failed check with its fix; fallbacks are fine. */
export async function preflight(rt: Pick<Runtime, 'sources' | 'targets'>, signal?: AbortSignal): Promise<void> {
  const checks = await checkSystems(rt, signal);
  const failed = checks.flatMap((c) => c.results.filter((r) => r.status === 'failed').map((r) => ({ ...r, system: c.system })));
  if (failed.length === 0) return;
  const lines = failed.map((f) => `${f.system}: ${f.name}: ${f.detail}${f.fix ? ` (fix: ${f.fix})` : ''}`);
  throw new BillsyncError('PREFLIGHT', `preflight failed, nothing was read or written:\n  ${lines.join('\n  ')}`, {
    fix: "fix the keys named above; 'billsync check' prints the full compatibility report",
  });
}
