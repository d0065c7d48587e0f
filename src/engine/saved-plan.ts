/**
 * Saved plans (`plan --out plan.json`, then `apply plan.json`): read one back and refuse it when
 * what it was made from has moved — the config, or any target's snapshot.
 */
import { readFile } from 'node:fs/promises';
import type { Plan } from '../model/plan.js';
import { BillsyncError } from '../model/errors.js';
import { REDACTED } from '../report/entity-changes.js';
import { hashSnapshotRows } from '../store/snapshot-hash.js';
import type { Runtime } from './runtime.js';

export async function readPlanFile(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new BillsyncError('USAGE', `cannot read plan file ${file}: ${(err as Error).message}`, { fix: "make one with 'billsync plan --out plan.json'" });
  }
  let plan: Plan;
  try {
    plan = JSON.parse(text) as Plan;
  } catch (err) {
    throw new BillsyncError('USAGE', `${file} is not JSON: ${(err as Error).message}`, { fix: "make one with 'billsync plan --out plan.json'" });
  }
  if (typeof plan !== 'object' || plan === null || plan.version !== 1 || !Array.isArray(plan.ops) || typeof plan.configHash !== 'string') {
    throw new BillsyncError('USAGE', `${file} is not a billsync plan (version 1)`, { fix: "make one with 'billsync plan --out plan.json' using this version of billsync" });
  }
  return plan;
}

/** Throws PLAN_STALE naming everything that moved since the plan was made. */
export async function assertPlanFresh(rt: Runtime, plan: Plan, file: string): Promise<void> {
  const problems: string[] = [];
  if (plan.configHash !== rt.config.hash) problems.push('the configuration (sync.yaml or a mapping file) changed');
  for (const [target, hash] of Object.entries(plan.snapshotHashes)) {
    if (!rt.targets.has(target)) {
      problems.push(`target ${target} is no longer configured`);
      continue;
    }
    const rows = await rt.store.loadSnapshot(target);
    const now = hashSnapshotRows(rows.map((r) => ({ kind: r.kind, key: r.key, hash: r.hash, remote_id: r.remoteId })));
    if (now !== hash) problems.push(`the snapshot of ${target} changed (another apply ran since)`);
  }
  const secret = plan.ops.find((op) => 'entity' in op && Object.values(op.entity.attrs).includes(REDACTED));
  if (secret) problems.push(`it carries redacted secret values (${secret.kind} ${secret.key}), which a plan file never stores`);
  if (problems.length > 0) {
    throw new BillsyncError('PLAN_STALE', `refusing to apply ${file}: ${problems.join('; ')}`, {
      fix: "make a new plan with 'billsync plan --out plan.json', review it, and apply that — or run 'billsync apply' without a file",
    });
  }
}
