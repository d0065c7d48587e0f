/**
 * Field paths into a Subscriber (`id`, `name.first`, `contacts.phones.0`, `services.id`,
 * `raw.vc_code`): checked against the Subscriber's shape at compile time, then read by a
 * closure. A non-numeric segment applied to a list reads that field of every element
 * (`services.id` is the list of service ids); a numeric one picks an element.
 */
import type { Subscriber } from '../model/subscriber.js';
import { didYouMean } from '../util/suggest.js';
import { TemplateSyntaxError } from './errors.js';
import type { PathNode } from './expr-parse.js';

type Shape = 'text' | 'any' | { readonly fields: Readonly<Record<string, Shape>> } | { readonly list: Shape };

const SERVICE: Shape = { fields: { id: 'text', name: 'text', since: 'text', until: 'text' } };

/** What mappings can see of a Subscriber; `raw` holds whatever the source read. */
const SUBSCRIBER: Shape = {
  fields: {
    source: 'text',
    id: 'text',
    account: 'text',
    name: { fields: { full: 'text', first: 'text', middle: 'text', last: 'text' } },
    status: 'text',
    services: { list: SERVICE },
    contacts: { fields: { phones: { list: 'text' }, emails: { list: 'text' } } },
    address: { fields: { text: 'text', houseId: 'text', entrance: 'text', floor: 'text', flat: 'text' } },
    devices: { list: 'text' },
    payments: { list: { fields: { id: 'text', amount: 'text', date: 'text', comment: 'text' } } },
    raw: 'any',
  },
};

const INDEX = /^\d+$/;

/** Reads a value out of a subscriber; undefined when any step is missing. */
export type PathReader = (sub: Subscriber) => unknown;

/** Checks `path` against the Subscriber's shape; throws TemplateSyntaxError naming the segment. */
export function checkPath(path: PathNode): void {
  let shape: Shape = SUBSCRIBER;
  let col = path.col;
  const done: string[] = [];
  for (const seg of path.segments) {
    let plucking = false;
    if (typeof shape === 'object' && 'list' in shape) {
      shape = shape.list;
      if (INDEX.test(seg)) {
        done.push(seg);
        col += seg.length + 1;
        continue;
      }
      // A name after a list reads that field of every element.
      plucking = true;
    }
    if (shape === 'any') return;
    if (typeof shape !== 'object' || 'list' in shape) {
      const what = plucking ? 'a list of plain values' : 'a plain value';
      throw new TemplateSyntaxError(`'${done.join('.')}' is ${what} and has no field '${seg}'`, col);
    }
    const fields = shape.fields;
    const next = Object.hasOwn(fields, seg) ? fields[seg] : undefined;
    if (next === undefined) {
      const where = done.length === 0 ? 'a subscriber' : `'${done.join('.')}'`;
      const known = Object.keys(fields);
      throw new TemplateSyntaxError(
        `${where} has no field '${seg}' (fields: ${known.join(', ')})${didYouMean(seg, known)}`,
        col,
      );
    }
    shape = next;
    done.push(seg);
    col += seg.length + 1;
  }
}

type Step = (v: unknown) => unknown;

/**
 * Builds the reader for a checked path: one small closure per segment, chosen from the
 * Subscriber's shape, so a read of `name.first` is two property loads and two null checks.
 * Below `raw` (unknown shape) a generic own-property walk takes over.
 */
export function compilePath(path: PathNode): PathReader {
  const step = build(path.segments, 0, SUBSCRIBER);
  return step as PathReader;
}

function build(segs: readonly string[], i: number, shape: Shape): Step {
  const seg = segs[i];
  if (seg === undefined) return (v) => v;
  if (shape === 'any' || shape === 'text') return (v) => readAny(v, segs, i);
  if ('list' in shape) {
    if (INDEX.test(seg)) {
      const index = Number(seg);
      const next = build(segs, i + 1, shape.list);
      return (v) => (Array.isArray(v) ? next(v[index]) : undefined);
    }
    const each = build(segs, i, shape.list);
    return (v) => (Array.isArray(v) ? v.map((el: unknown) => each(el)) : undefined);
  }
  const fieldShape = shape.fields[seg] ?? 'any';
  const last = i === segs.length - 1;
  const next = build(segs, i + 1, fieldShape);
  // Only fields the shape declares get here (checkPath refused others), so a plain read
  // cannot reach the prototype.
  if (last) {
    return (v) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined);
  }
  return (v) => (v !== null && typeof v === 'object' ? next((v as Record<string, unknown>)[seg]) : undefined);
}

/** Generic walk for values of unknown shape (under `raw`). */
function readAny(value: unknown, segs: readonly string[], from: number): unknown {
  let v = value;
  for (let i = from; i < segs.length; i++) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    const seg = segs[i] as string;
    if (Array.isArray(v)) {
      if (INDEX.test(seg)) {
        v = v[Number(seg)];
        continue;
      }
      const rest = i;
      return v.map((el: unknown) => readAny(el, segs, rest));
    }
    // Own properties only: `raw.constructor` or `raw.__proto__` must not reach the prototype.
    v = Object.hasOwn(v, seg) ? (v as Record<string, unknown>)[seg] : undefined;
  }
  return v;
}
