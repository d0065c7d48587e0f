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
  let out = '';
  for (const chunk of jsonChunks(plan, kinds)) out += chunk;
  return out;
}

/** About how many characters jsonChunks gathers before it yields. */
const CHUNK_CHARS = 1 << 16;

/**
 * renderJson's text piece by piece, op by op: a million-subscriber plan's JSON is over 1 GB of
 * text, more than one JavaScript string may hold, so `plan --out` and `--format json` write
 * these chunks as they come. Concatenated they are exactly `JSON.stringify(redacted plan, null,
 * 2) + '\n'` (test/unit/report/json-chunks.test.ts holds the two together).
 */
export function* jsonChunks(plan: Plan, kinds: KindsByTarget): Generator<string> {
  // Everything but the ops, rendered once; the ops go where its empty array stands. A key at
  // the top level is the only place `\n  "ops": []` can occur: deeper keys are indented
  // further, and no JSON string holds a raw newline.
  const head = JSON.stringify({ ...plan, ops: [] }, null, 2);
  const marker = '\n  "ops": []';
  const at = head.indexOf(marker);
  if (at < 0) throw new Error('internal error: the plan JSON has no top-level ops array');
  if (plan.ops.length === 0) {
    yield head + '\n';
    return;
  }
  let buf = head.slice(0, at) + '\n  "ops": [\n';
  for (let i = 0; i < plan.ops.length; i++) {
    // Items of a top-level array sit at depth 2: every line of the op indented by four spaces.
    buf += (i === 0 ? '    ' : ',\n    ') + JSON.stringify(redactOp(plan.ops[i]!, kinds), null, 2).replaceAll('\n', '\n    ');
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = '';
    }
  }
  yield buf + '\n  ]' + head.slice(at + marker.length) + '\n';
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
