/** `billsync explain` as text: each field's rule and source, desired vs snapshot vs live. Pure. */
import type { AttrValue } from '../model/entity.js';
import type { Entity, SnapshotEntity } from '../model/entity.js';
import type { Subscriber } from '../model/subscriber.js';
import type { MappingExplanation } from '../mapping/explain.js';
import { isSecretAttr, type KindsByTarget } from './entity-changes.js';
import { REDACTED } from '../model/redaction.js';

/** Everything `billsync explain` knows of one entity (engine/explain-entity.ts gathers it). */
export interface EntityExplanation {
  readonly target: string;
  readonly kind: string;
  readonly key: string;
  readonly subscriber: Subscriber | null;
  readonly mapping: MappingExplanation | null;
  readonly desired: Entity | null;
  readonly snapshot: SnapshotEntity | null;
  /** Undefined when not asked for (`--refresh`); null when the target does not have it. */
  readonly live?: Entity | null;
  /**
   * With `--refresh`, for a kind the target cannot read by key (KindSpec.unobservable): why it
   * was not read (`live` is then absent — not read is not "the target does not have it").
   */
  readonly unobservable?: string;
}

export function renderExplanation(x: EntityExplanation, kinds: KindsByTarget): string {
  const out: string[] = [`${x.target} ${x.kind} ${x.key}`];
  if (!x.subscriber) {
    out.push('  No subscriber in the sources maps to this entity' + (x.snapshot ? ' (it is in the snapshot: the next apply would delete it).' : '.'));
  } else {
    out.push(`  from ${x.subscriber.source}:${x.subscriber.id} (${x.subscriber.name.full}, status ${x.subscriber.status})`);
  }
  const m = x.mapping;
  if (m) {
    out.push(`  mapping ${m.file}`);
    for (const c of m.filter) out.push(`    filter ${c.passed ? 'passed' : 'FAILED'}: ${c.condition} (value ${JSON.stringify(c.value)}) at ${c.position.file}:${c.position.line}`);
    if (m.result.kind === 'skipped') out.push(`    skipped: ${m.result.reason}`);
    if (m.result.kind === 'out_of_scope') out.push('    out of scope for this target (a filter failed)');
  }
  const secret = (attr: string) => isSecretAttr(kinds, x.target, x.kind, attr);
  const show = (attr: string, v: AttrValue | undefined) => (v === undefined ? '—' : v !== null && secret(attr) ? REDACTED : JSON.stringify(v));
  const rules = new Map<string, { rule: string; where: string }>();
  for (const v of m?.values ?? []) {
    if (v.entity === x.kind) rules.set(v.field, { rule: v.rule, where: `${v.position.file}:${v.position.line}` });
  }
  const attrs = new Set([...Object.keys(x.desired?.attrs ?? {}), ...Object.keys(x.snapshot?.attrs ?? {}), ...Object.keys(x.live?.attrs ?? {})]);
  const rows: string[][] = [['field', 'desired', 'snapshot', ...(x.live !== undefined ? ['live'] : []), 'rule']];
  for (const attr of attrs) {
    const r = rules.get(`attrs.${attr}`);
    rows.push([attr, show(attr, x.desired?.attrs[attr]), show(attr, x.snapshot?.attrs[attr]), ...(x.live !== undefined ? [show(attr, x.live?.attrs[attr])] : []), r ? `${r.rule}  (${r.where})` : '']);
  }
  const sets = new Set([...Object.keys(x.desired?.sets ?? {}), ...Object.keys(x.snapshot?.sets ?? {})]);
  for (const set of sets) {
    const r = rules.get(`sets.${set}`);
    const fmt = (v: readonly string[] | undefined) => (v === undefined ? '—' : `[${v.join(', ')}]`);
    rows.push([set, fmt(x.desired?.sets[set]), fmt(x.snapshot?.sets[set]), ...(x.live !== undefined ? [fmt(x.live?.sets[set])] : []), r ? `${r.rule}  (${r.where})` : '']);
  }
  if (x.live === null) out.push('  live: the target does not have it');
  if (x.unobservable !== undefined) out.push(`  live: not read — ${x.unobservable}`);
  const widths = rows[0]!.map((_, i) => Math.min(40, Math.max(...rows.map((r) => r[i]!.length))));
  for (const r of rows) out.push('  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
  if (x.snapshot) out.push(`  remote id: ${x.snapshot.remoteId ?? '—'}`);
  return out.join('\n') + '\n';
}

/** The explanation with secret attribute values of the desired and live entity redacted. */
export function redactExplanation(x: EntityExplanation, kinds: KindsByTarget): EntityExplanation {
  const redact = <E extends { attrs: Readonly<Record<string, AttrValue>> }>(e: E | null | undefined): E | null | undefined => {
    if (!e) return e;
    const attrs = Object.fromEntries(Object.entries(e.attrs).map(([k, v]) => [k, v !== null && isSecretAttr(kinds, x.target, x.kind, k) ? REDACTED : v]));
    return { ...e, attrs };
  };
  const values = x.mapping?.values.map((v) => (v.entity === x.kind && v.field.startsWith('attrs.') && isSecretAttr(kinds, x.target, x.kind, v.field.slice(6)) ? { ...v, value: REDACTED } : v));
  return {
    ...x,
    desired: redact(x.desired) ?? null,
    ...(x.live !== undefined ? { live: redact(x.live) ?? null } : {}),
    mapping: x.mapping && values ? { ...x.mapping, values } : x.mapping,
  };
}
