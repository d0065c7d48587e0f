/**
 * Maps one subscriber through a compiled mapping. The hot path of a sync: no allocation beyond
 * the entities it returns, one try/catch per subscriber, and the optional `trace` (for
 * `explain`) costs a null check.
 */
import type { Attrs, AttrValue, Entity, EntityOrigin, Sets } from '../model/entity.js';
import type { SourcePosition } from '../model/errors.js';
import type { Subscriber } from '../model/subscriber.js';
import { coercionProblem } from './coerce.js';
import { accessFor } from './access.js';
import type { CompiledAttr, CompiledEntity, CompiledSpec, CompiledTariffs, CompiledValue } from './compiled.js';
import { MappingValueError, describeValue } from './errors.js';
import { shownKey } from './value-limits.js';
import type { CompiledCondition } from './filter.js';
import type { MapNotice, MapResult } from './types.js';
import { deviceEntities, deviceUids, ListProblem, transactionEntities } from './lists.js';

/** Receives every step of a mapping, for `explain`. */
export interface MapTrace {
  /** Condition number `index` of the filter read `value` and passed or not. */
  condition(index: number, c: CompiledCondition, value: unknown, passed: boolean): void;
  /** `field` is `key`, `attrs.<name>` or `sets.<name>`. */
  value(entity: string, field: string, rule: string, position: SourcePosition, value: unknown): void;
}

const OUT_OF_SCOPE: MapResult = { kind: 'out_of_scope' };
const DIGITS = /^\d+$/;

/** Thrown inside the loop to leave it with a reason; never escapes this module. */
class Skip {
  constructor(readonly reason: string) {}
}

function evaluate(v: CompiledValue, sub: Subscriber): unknown {
  try {
    return v.template.evaluate(sub);
  } catch (e) {
    if (e instanceof MappingValueError) throw new Skip(`${v.label} from '${v.template.source}': ${e.message}`);
    throw e;
  }
}

function keyOf(e: CompiledEntity, target: string, sub: Subscriber, trace: MapTrace | undefined): string {
  const v = evaluate(e.key, sub);
  trace?.value(e.kind, 'key', e.key.template.source, e.key.position, v);
  const src = e.key.template.source;
  if (v === null || v === undefined) throw new Skip(`${e.kind} key is empty ('${src}')`);
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
    throw new Skip(`${e.kind} key from '${src}' is ${describeValue(v)}, not one value`);
  }
  const key = String(v);
  if (e.keyType === 'integer' && !DIGITS.test(key)) {
    throw new Skip(`${e.kind} key '${shownKey(key)}' from '${src}' is not numeric (${target} ${e.kind} keys must be digits)`);
  }
  // Before any op is planned: a key the target cannot hold would delete the old object and
  // then fail the create, on every run.
  const bad = e.checkKey(key);
  if (bad !== undefined) throw new Skip(`${e.kind} key '${shownKey(key)}' from '${src}' ${bad}`);
  return key;
}

function putAttrs(
  out: Record<string, AttrValue>,
  attrs: readonly CompiledAttr[],
  kind: string,
  sub: Subscriber,
  trace: MapTrace | undefined,
): void {
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i] as CompiledAttr;
    let value: AttrValue;
    if (a.constant !== undefined) {
      value = a.constant;
    } else {
      const raw = evaluate(a.value, sub);
      const c = a.coerce(raw);
      if (c === undefined) {
        throw new Skip(`${a.value.label} from '${a.value.template.source}': ${coercionProblem(raw, a.type)}`);
      }
      const bad = a.check(c);
      if (bad !== undefined) throw new Skip(`${a.value.label} from '${a.value.template.source}' ${bad}`);
      value = typeof c === 'string' && a.repeated !== undefined ? a.repeated.share(c) : c;
    }
    trace?.value(kind, `attrs.${a.name}`, a.value.template.source, a.value.position, value);
    out[a.name] = value;
  }
}

/** The members of an empty set, shared (see NO_SETS). */
const NO_MEMBERS: readonly string[] = Object.freeze([]);

function members(t: CompiledTariffs, file: string, target: string, sub: Subscriber): readonly string[] {
  const out: string[] = [];
  for (const s of sub.services) {
    if (t.ignore.has(s.id)) continue;
    const m = t.bySource.get(s.id);
    if (m !== undefined) out.push(m);
    else if (t.unmapped === 'skip') {
      const name = s.name ? ` ('${s.name}')` : '';
      throw new Skip(`service ${s.id}${name} has no tariff in ${file} (add it to tariffs.table or tariffs.ignore)`);
    }
  }
  if (out.length >= 2) {
    out.sort(t.integerMembers ? (a, b) => Number(a) - Number(b) : undefined);
    let n = 1;
    for (let i = 1; i < out.length; i++) if (out[i] !== out[n - 1]) out[n++] = out[i] as string;
    out.length = n;
  }
  if (t.base !== undefined) checkBase(t, t.base, file, target, out);
  return out.length === 0 ? NO_MEMBERS : out;
}

/** One base package at most (and one at least with require_base), else the subscriber is skipped. */
function checkBase(t: CompiledTariffs, base: ReadonlySet<string>, file: string, target: string, members: readonly string[]): void {
  const found = members.filter((m) => base.has(m));
  if (found.length >= 2) {
    const list = `${found.slice(0, -1).join(', ')} and ${found[found.length - 1]}`;
    const count = found.length === 2 ? 'two' : String(found.length);
    throw new Skip(`${count} base subscriptions ${list}; ${target} allows one (tariffs.base in ${file})`);
  }
  // Only extras without a base are refused: a subscriber with no packages at all has left TV,
  // and skipping them would keep their old packages on the target forever.
  if (found.length === 0 && t.requireBase && members.length > 0) {
    throw new Skip(`no base subscription among ${members.join(', ')}; ${file} sets tariffs.require_base (base: ${[...base].join(', ')})`);
  }
}

function mapEntity(
  m: CompiledSpec,
  e: CompiledEntity,
  key: string,
  parentKey: string | undefined,
  origin: EntityOrigin,
  sub: Subscriber,
  trace: MapTrace | undefined,
  notices: MapNotice[] | undefined,
): Entity {
  const extra = e.status === undefined ? undefined : (e.status.byStatus.get(sub.status) ?? e.status.fallback);
  if (e.status !== undefined && extra === undefined) {
    throw new Skip(`status '${sub.status}' has no mapping in ${m.file} (add it under status.map or set status.default)`);
  }
  const attrs = freshAttrs(e, extra);
  putAttrs(attrs, e.attrs, e.kind, sub, trace);
  if (extra !== undefined) putAttrs(attrs, extra, e.kind, sub, trace);
  for (const name of e.required) {
    const v = attrs[name];
    if (v === null || v === undefined) {
      const from = e.attrs.find((a) => a.name === name)?.value.template.source;
      throw new Skip(`${e.kind} attr '${name}' is required but ${from === undefined ? 'not mapped' : `'${from}' is empty`}`);
    }
  }
  if (e.tariffs === undefined && e.access === undefined) return entityOf(m, e, key, attrs, NO_SETS, parentKey, origin);
  const sets: Record<string, readonly string[]> = {};
  if (e.tariffs !== undefined) {
    const list = members(e.tariffs, m.file, m.target, sub);
    trace?.value(e.kind, `sets.${e.tariffs.set}`, 'tariffs', e.tariffs.position, list);
    sets[e.tariffs.set] = list;
  }
  if (e.access !== undefined) {
    const r = accessFor(e.access, sub, (v) => evaluate(v, sub));
    trace?.value(e.kind, `sets.${e.access.set}`, 'access', e.access.position, r.members);
    sets[e.access.set] = r.members;
    if (r.notice) notices?.push(r.notice);
  }
  return entityOf(m, e, key, attrs, sets, parentKey, origin);
}

function entityOf(m: CompiledSpec, e: CompiledEntity, key: string, attrs: Attrs, sets: Sets, parentKey: string | undefined, origin: EntityOrigin): Entity {
  return parentKey === undefined || e.parentKind === undefined
    ? { target: m.target, kind: e.kind, key, attrs, sets, origin }
    : { target: m.target, kind: e.kind, key, attrs, sets, parent: { kind: e.parentKind, key: parentKey }, origin };
}

/**
 * The sets of an entity that has none. Shared and frozen: a million accounts would otherwise
 * hold a million empty objects (56 bytes each), and entities are never changed in place.
 */
const NO_SETS: Sets = Object.freeze({});

/**
 * Per compiled entity and status line, an object holding every attribute name the mapping
 * writes, in the order it writes them (values null). A new attrs object is a copy of it: V8
 * then lays all attributes out inside the object, where an object grown one attribute at a
 * time keeps those past the fourth in a separate array (~30 bytes more per entity). The copy
 * gets exactly the names the mapping then writes, in that order, so the entity is the same.
 */
const attrTemplates = new WeakMap<CompiledEntity, Map<readonly CompiledAttr[] | undefined, Readonly<Record<string, AttrValue>> | null>>();

function freshAttrs(e: CompiledEntity, extra: readonly CompiledAttr[] | undefined): Record<string, AttrValue> {
  let byExtra = attrTemplates.get(e);
  if (byExtra === undefined) attrTemplates.set(e, (byExtra = new Map()));
  let template = byExtra.get(extra);
  if (template === undefined) {
    const names = [...new Set([...e.attrs, ...(extra ?? [])].map((a) => a.name))];
    // A name JSON.parse would make an own property but assignment would not: grow it instead.
    template = names.includes('__proto__') ? null : (JSON.parse(`{${names.map((n) => `${JSON.stringify(n)}:null`).join(',')}}`) as Record<string, AttrValue>);
    byExtra.set(extra, template);
  }
  return template === null ? {} : { ...template };
}

/** Appends the subscriber's devices and sets the owner's login attr (replacing the owner entity). */
function addDevices(d: NonNullable<CompiledSpec['devices']>, entities: Entity[], origin: EntityOrigin, sub: Subscriber, trace: MapTrace | undefined): void {
  const uids = deviceUids(d, evaluate(d.uids, sub));
  trace?.value(d.kind, 'key', d.uids.template.source, d.uids.position, uids);
  const owner = entities[d.ownerIndex]!;
  if (d.loginAttr !== undefined) {
    const updated: Entity = { ...owner, attrs: { ...owner.attrs, [d.loginAttr]: uids.length > 0 } };
    trace?.value(owner.kind, `attrs.${d.loginAttr}`, 'devices.login_attr', d.position, uids.length > 0);
    entities[d.ownerIndex] = updated;
  }
  entities.push(...deviceEntities(d, uids, entities[d.ownerIndex]!, origin, sub));
}

/**
 * Maps one subscriber: `skipped` when its source marked it so (`Subscriber.skip`),
 * `out_of_scope` when a filter condition fails, `skipped` with the first reason met, else the
 * entities in parent-first order.
 */
export function mapSubscriber(m: CompiledSpec, sub: Subscriber, trace?: MapTrace): MapResult {
  // Before the filter: a filter reading a field the source could not judge must not take the
  // subscriber out of scope (that deletes); a source-side skip leaves the targets alone.
  if (sub.skip !== undefined) return { kind: 'skipped', reason: sub.skip };
  for (let i = 0; i < m.filter.length; i++) {
    const c = m.filter[i] as CompiledCondition;
    if (trace) {
      const passed = c.test(sub);
      trace.condition(i, c, c.read(sub), passed);
      if (!passed) return OUT_OF_SCOPE;
    } else if (!c.test(sub)) return OUT_OF_SCOPE;
  }
  const origin: EntityOrigin = { source: sub.source, id: sub.id };
  const entities: Entity[] = [];
  const notices: MapNotice[] | undefined = m.notices ? [] : undefined;
  try {
    for (let i = 0; i < m.entities.length; i++) {
      const e = m.entities[i] as CompiledEntity;
      const key = keyOf(e, m.target, sub, trace);
      // entities[i] is entity i: every earlier one was pushed or we left with a Skip.
      const parentKey = e.parentIndex >= 0 ? entities[e.parentIndex]?.key : undefined;
      entities.push(mapEntity(m, e, key, parentKey, origin, sub, trace, notices));
    }
    if (m.devices !== undefined) addDevices(m.devices, entities, origin, sub, trace);
    if (m.transactions !== undefined) {
      const t = m.transactions;
      const list = transactionEntities(t, sub, entities[t.ownerIndex]!, origin);
      trace?.value(t.kind, 'key', 'transactions', t.position, list.map((x) => x.key));
      entities.push(...list);
    }
  } catch (e) {
    if (e instanceof Skip || e instanceof ListProblem) return { kind: 'skipped', reason: e.reason };
    throw e;
  }
  return notices !== undefined && notices.length > 0 ? { kind: 'entities', entities, notices } : { kind: 'entities', entities };
}
