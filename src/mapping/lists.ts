/**
 * Evaluates the list sections for one subscriber: device entities from its UIDs, transaction
 * entities from its payments. Pure; a value that cannot be used throws ListProblem, which the
 * caller turns into a skip of the whole subscriber.
 */
import type { AttrValue, Entity, EntityOrigin } from '../model/entity.js';
import type { Subscriber } from '../model/subscriber.js';
import { normaliseUid } from '../util/mac.js';
import { coercionProblem } from './coerce.js';
import type { CompiledDevices, CompiledTransactions } from './compiled.js';
import { describeValue } from './errors.js';

/** Why a list section could not be mapped (becomes the subscriber's skip reason). */
export class ListProblem {
  constructor(readonly reason: string) {}
}

const AMOUNT = /^-?\d{1,12}(\.\d{1,2})?$/;

/** The subscriber's UIDs, normalised, de-duplicated and sorted; those `matches` does not find left out. */
export function deviceUids(d: CompiledDevices, value: unknown): string[] {
  const src = d.uids.template.source;
  if (value === null || value === undefined || value === '') return [];
  const list = Array.isArray(value) ? value : [value];
  const out = new Set<string>();
  for (const v of list) {
    if (typeof v !== 'string' && typeof v !== 'number') throw new ListProblem(`device uid from '${src}' is ${describeValue(v)}, not text`);
    const uid = normaliseUid(String(v));
    if (uid === '' || (d.matches !== undefined && !d.matches.test(uid))) continue;
    if ([...uid].length > d.checkKey) throw new ListProblem(`device uid '${uid.slice(0, 40)}…' from '${src}' is longer than ${d.checkKey} characters`);
    out.add(uid);
  }
  return [...out].sort();
}

/** One device entity per UID, under `owner`. */
export function deviceEntities(d: CompiledDevices, uids: readonly string[], owner: Entity, origin: EntityOrigin, sub: Subscriber): Entity[] {
  const attrs: Record<string, AttrValue> = {};
  for (const a of d.attrs) {
    if (a.constant !== undefined) {
      attrs[a.name] = a.constant;
      continue;
    }
    const raw = a.value.template.evaluate(sub);
    const c = a.coerce(raw);
    if (c === undefined) throw new ListProblem(`${a.value.label} from '${a.value.template.source}': ${coercionProblem(raw, a.type)}`);
    const bad = a.check(c);
    if (bad !== undefined) throw new ListProblem(`${a.value.label} from '${a.value.template.source}' ${bad}`);
    attrs[a.name] = c;
  }
  return uids.map((uid) => ({ target: owner.target, kind: d.kind, key: uid, attrs, sets: {}, parent: { kind: owner.kind, key: owner.key }, origin }));
}

/** One transaction entity per payment, under `owner`; a payment the target cannot take skips the subscriber. */
export function transactionEntities(t: CompiledTransactions, sub: Subscriber, owner: Entity, origin: EntityOrigin): Entity[] {
  const out: Entity[] = [];
  for (const p of sub.payments ?? []) {
    const key = `${t.prefix}${p.id}`;
    if (p.id === '' || [...key].length > t.maxKey) throw new ListProblem(`payment id '${p.id.slice(0, 40)}' cannot be a ${t.kind} id (empty or over ${t.maxKey} characters)`);
    if (!AMOUNT.test(p.amount)) throw new ListProblem(`payment ${p.id} has amount '${p.amount.slice(0, 20)}', not a sum with at most two decimals`);
    out.push({
      target: owner.target,
      kind: t.kind,
      key,
      attrs: { amount: p.amount, date: p.date, comment: t.comment ?? p.comment ?? null, processed: true },
      sets: {},
      parent: { kind: owner.kind, key: owner.key },
      origin,
    });
  }
  return out;
}
