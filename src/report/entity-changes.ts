/**
 * Groups a plan's ops by entity, in plan order, with secret attributes redacted — the common
 * shape every report format renders. Pure.
 */
import type { AttrValue, Entity } from '../model/entity.js';
import type { AttrChange, Op } from '../model/op.js';
import type { KindSpec } from '../model/kind.js';
import { assertNever } from '../model/op.js';
import { REDACTED } from '../model/redaction.js';


export type ChangeMark = '+' | '~' | '-';

export interface EntityChange {
  readonly target: string;
  readonly kind: string;
  readonly key: string;
  readonly mark: ChangeMark;
  /** block / unblock, when the entity's update is one. */
  readonly label?: 'block' | 'unblock';
  readonly origin?: Entity['origin'];
  /** For creates: every attribute set; for updates: the changed ones. */
  readonly attrs: readonly AttrChange[];
  readonly added: Readonly<Record<string, readonly string[]>>;
  /** Members removed; for a delete, every member the entity held (what the subscriber loses). */
  readonly removed: Readonly<Record<string, readonly string[]>>;
}

/** Looks up whether an attribute is secret; kinds are keyed by target name. */
export type KindsByTarget = Readonly<Record<string, readonly KindSpec[]>>;

export function isSecretAttr(kinds: KindsByTarget, target: string, kind: string, attr: string): boolean {
  return kinds[target]?.find((k) => k.kind === kind)?.attrs[attr]?.secret === true;
}

/** One EntityChange per touched entity, in the order of each entity's first op. */
export function entityChanges(ops: readonly Op[], kinds: KindsByTarget): EntityChange[] {
  const byId = new Map<string, MutableChange>();
  for (const op of ops) {
    const id = `${op.target}\u0000${op.kind}\u0000${op.key}`;
    let c = byId.get(id);
    if (!c) {
      c = { target: op.target, kind: op.kind, key: op.key, mark: '~', attrs: [], added: {}, removed: {} };
      byId.set(id, c);
    }
    const redact = (attr: string, v: AttrValue | undefined): AttrValue | undefined =>
      v !== undefined && v !== null && isSecretAttr(kinds, op.target, op.kind, attr) ? REDACTED : v;
    switch (op.type) {
      case 'create':
        c.mark = '+';
        c.origin = op.entity.origin;
        for (const [attr, v] of Object.entries(op.entity.attrs)) {
          if (v !== null) c.attrs.push({ attr, before: undefined, after: redact(attr, v) as AttrValue });
        }
        break;
      case 'update':
      case 'block':
      case 'unblock':
        c.origin = op.entity.origin;
        if (op.type !== 'update') c.label = op.type;
        for (const ch of op.changes) {
          c.attrs.push({ attr: ch.attr, before: redact(ch.attr, ch.before), after: redact(ch.attr, ch.after) as AttrValue });
        }
        break;
      case 'delete':
        c.mark = '-';
        c.origin = op.before.origin;
        // What the delete takes away: the members (tariffs, subscriptions, rights) it held.
        for (const [set, members] of Object.entries(op.before.sets)) {
          const lost = (c.removed[set] ??= []);
          for (const m of members) if (!lost.includes(m)) lost.push(m);
          if (lost.length === 0) delete c.removed[set];
        }
        break;
      case 'add_member':
        c.origin ??= op.origin;
        (c.added[op.set] ??= []).push(op.member);
        break;
      case 'remove_member': {
        c.origin ??= op.origin;
        const removed = (c.removed[op.set] ??= []);
        if (!removed.includes(op.member)) removed.push(op.member);
        break;
      }
      default:
        assertNever(op, 'op');
    }
  }
  return [...byId.values()];
}

interface MutableChange {
  target: string;
  kind: string;
  key: string;
  mark: ChangeMark;
  label?: 'block' | 'unblock';
  origin?: Entity['origin'];
  attrs: AttrChange[];
  added: Record<string, string[]>;
  removed: Record<string, string[]>;
}
