/**
 * Platform `Account` objects → live entities (what observe/observeAll return and what adoption
 * records). Fields the API does not return (the v3 `state`) are left out, so they never show as
 * drift; empty texts read as absent, the same as an unset attribute.
 */
import type { AttrValue, Entity } from '../../model/entity.js';

/** The fields of an `Account` billsync reads. */
export interface AccountJson {
  readonly id: string;
  readonly username: string;
  readonly email?: string;
  readonly region?: string;
  readonly isBlocked?: boolean;
  /** Subscription ids, sorted like mapped sets; undefined when the answer had none. */
  readonly subscriptions?: readonly string[];
  readonly info: Readonly<Record<string, unknown>>;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

/** Subscription ids of `[{id}]` (or bare ids), deduplicated and sorted. */
export function subscriptionIds(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const ids = v
    .map((s: unknown) => (typeof s === 'object' && s !== null ? (s as { id?: unknown }).id : s))
    .map(text)
    .filter((id): id is string => id !== undefined);
  // Default string order: the order the mapping gives string members in.
  return [...new Set(ids)].sort();
}

/** One `Account` object; undefined when it lacks an id or username. */
export function readAccount(v: unknown): AccountJson | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const id = text(o.id);
  const username = text(o.username);
  if (id === undefined || username === undefined) return undefined;
  const email = text(o.email);
  const region = text(o.region);
  const subscriptions = subscriptionIds(o.subscriptions);
  const info = typeof o.info === 'object' && o.info !== null && !Array.isArray(o.info) ? (o.info as Record<string, unknown>) : {};
  return {
    id,
    username,
    info,
    ...(email !== undefined ? { email } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(typeof o.is_blocked === 'boolean' ? { isBlocked: o.is_blocked } : {}),
    ...(subscriptions !== undefined ? { subscriptions } : {}),
  };
}

/**
 * The account of a `GET /v2/accounts/{id}` answer: the SPEC schema wraps it in `accounts:[…]`,
 * ABillS reads it at the top level; both are accepted.
 */
export function accountFromGet(answer: unknown): AccountJson | undefined {
  if (typeof answer === 'object' && answer !== null && Array.isArray((answer as { accounts?: unknown }).accounts)) {
    return readAccount((answer as { accounts: unknown[] }).accounts[0]);
  }
  return readAccount(answer);
}

/** The accounts of one `GET /v2/accounts` page (unreadable entries are dropped). */
export function accountsOfPage(answer: unknown): AccountJson[] {
  const list = typeof answer === 'object' && answer !== null ? (answer as { accounts?: unknown }).accounts : undefined;
  if (!Array.isArray(list)) return [];
  return list.map(readAccount).filter((a): a is AccountJson => a !== undefined);
}

/** Attributes of an account as the platform holds them. */
export function accountAttrs(a: AccountJson): Record<string, AttrValue> {
  const attrs: Record<string, AttrValue> = {};
  if (a.email !== undefined) attrs.email = a.email;
  if (a.region !== undefined) attrs.region = a.region;
  for (const k of ['fio', 'comments', 'billing_id'] as const) {
    const v = text(a.info[k]);
    if (v !== undefined) attrs[`info.${k}`] = v;
  }
  if (a.isBlocked !== undefined) attrs.tv_suspended = a.isBlocked;
  return attrs;
}

/** The live entity with the given key (the username without the prefix). */
export function accountEntity(target: string, key: string, a: AccountJson): Entity {
  return { target, kind: 'account', key, attrs: accountAttrs(a), sets: { subscriptions: [...(a.subscriptions ?? [])] } };
}
