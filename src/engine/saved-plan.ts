/**
 * Saved plans (`plan --out plan.json`, then `apply plan.json`): read one back and refuse it when
 * what it was made from has moved — the config, or any target's snapshot.
 */
import { readFile } from 'node:fs/promises';
import type { Plan } from '../model/plan.js';
import type { Entity } from '../model/entity.js';
import type { Op } from '../model/op.js';
import { isSecretAttr, type KindsByTarget } from '../report/entity-changes.js';
import { BillsyncError } from '../model/errors.js';
import { REDACTED } from '../model/redaction.js';
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
    // A restricted plan's hash covers the rows it read (Plan.snapshotScopes): re-read exactly those.
    const scope = plan.snapshotScopes?.[target];
    const rows = scope ? await rt.store.pickSnapshot(target, scope) : await rt.store.loadSnapshot(target);
    const now = hashSnapshotRows(rows.map((r) => ({ kind: r.kind, key: r.key, hash: r.hash, remote_id: r.remoteId })));
    if (now !== hash) problems.push(`the snapshot of ${target} changed (another apply ran since)`);
  }
  const secret = redactedSecretOp(plan.ops, rt.kinds);
  if (secret) problems.push(`it carries redacted secret values (${secret.kind} ${secret.key}), which a plan file never stores`);
  if (problems.length > 0) {
    throw new BillsyncError('PLAN_STALE', `refusing to apply ${file}: ${problems.join('; ')}`, {
      fix: "make a new plan with 'billsync plan --out plan.json', review it, and apply that — or run 'billsync apply' without a file",
    });
  }
}

/**
 * The first op carrying a redacted secret: the marker where a secret attribute's value sits.
 * The same text in a field that is not secret is the subscriber's data, not a redaction.
 */
export function redactedSecretOp(ops: readonly Op[], kinds: KindsByTarget): Op | undefined {
  return ops.find((op) => 'entity' in op && Object.entries(op.entity.attrs).some(([attr, v]) => v === REDACTED && isSecretAttr(kinds, op.target, op.kind, attr)));
}

/**
 * `assertPlanFresh`, after putting back the inventory credentials the plan file could not carry.
 * Returns the plan to apply.
 */
export async function freshPlan(rt: Runtime, plan: Plan, file: string): Promise<Plan> {
  const restored = restoreInventorySecrets(rt, plan);
  await assertPlanFresh(rt, restored, file);
  return restored;
}

/**
 * A plan file has `[secret]` where an inventory entity's credential was (a device's stream, a
 * door's open URL). When the configuration is the one the plan was made from — the same hash,
 * which covers the inventory's credentials as digests — the values are exactly the inventory's
 * today, so they are put back. Anything else stays redacted (and `assertPlanFresh` refuses it).
 */
export function restoreInventorySecrets(rt: Runtime, plan: Plan): Plan {
  const inventories = rt.config.inventories ?? {};
  if (plan.configHash !== rt.config.hash || Object.keys(inventories).length === 0) return plan;
  const byId = new Map<string, Entity>();
  for (const inv of Object.values(inventories)) for (const e of inv.entities) byId.set(`${e.target}\u0000${e.kind}\u0000${e.key}`, e);
  const restore = (op: Op, entity: Entity): Entity => {
    const source = entity.origin ? undefined : byId.get(`${op.target}\u0000${op.kind}\u0000${op.key}`);
    if (!source) return entity;
    let attrs: Record<string, Entity['attrs'][string]> | undefined;
    for (const [attr, v] of Object.entries(entity.attrs)) {
      const value = source.attrs[attr];
      if (v === REDACTED && value !== undefined && isSecretAttr(rt.kinds, op.target, op.kind, attr)) (attrs ??= { ...entity.attrs })[attr] = value;
    }
    return attrs ? { ...entity, attrs } : entity;
  };
  const ops = plan.ops.map((op): Op => {
    switch (op.type) {
      case 'create':
      case 'update':
      case 'block':
      case 'unblock':
        return { ...op, entity: restore(op, op.entity) };
      default:
        return op;
    }
  });
  return { ...plan, ops };
}
