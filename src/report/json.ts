/**
 * The plan as JSON (`plan --format json`): the Plan itself with secret attribute values replaced
 * by `[secret]`, so a plan file or CI artefact never carries credentials. Pure.
 */
import type { Entity } from '../model/entity.js';
import type { Op } from '../model/op.js';
import type { Plan } from '../model/plan.js';
import { isSecretAttr, type KindsByTarget } from './entity-changes.js';
import { REDACTED } from '../model/redaction.js';

export function renderJson(plan: Plan, kinds: KindsByTarget): string {
  return JSON.stringify({ ...plan, ops: plan.ops.map((op) => redactOp(op, kinds)) }, null, 2) + '\n';
}

function redactOp(op: Op, kinds: KindsByTarget): Op {
  const redactAttrs = (e: Entity): Entity => {
    let attrs: Record<string, Entity['attrs'][string]> | undefined;
    for (const [attr, v] of Object.entries(e.attrs)) {
      if (v !== null && isSecretAttr(kinds, e.target, e.kind, attr)) (attrs ??= { ...e.attrs })[attr] = REDACTED;
    }
    return attrs ? { ...e, attrs } : e;
  };
  switch (op.type) {
    case 'create':
      return { ...op, entity: redactAttrs(op.entity) };
    case 'update':
    case 'block':
    case 'unblock':
      return {
        ...op,
        entity: redactAttrs(op.entity),
        changes: op.changes.map((c) =>
          isSecretAttr(kinds, op.target, op.kind, c.attr) ? { attr: c.attr, before: c.before === undefined ? undefined : REDACTED, after: REDACTED } : c,
        ),
      };
    case 'delete':
      return { ...op, before: { ...op.before, ...redactAttrs(op.before) } };
    case 'add_member':
    case 'remove_member':
      return op;
  }
}
