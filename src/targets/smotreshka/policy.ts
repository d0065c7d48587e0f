/**
 * The Smotreshka target's `desiredFor`: the configured blocking policy and e-mail case applied
 * to a mapped account before diffing. Pure.
 */
import type { AttrValue, Entity } from '../../model/entity.js';
import type { BlockingPolicy } from './options.js';

const NO_SUBSCRIPTIONS: readonly string[] = [];

/** What only the v3 account-state writes. */
const STATE_ATTRS = ['tv_suspended', 'state', 'balance'] as const;

/**
 * - `email` is lower-cased: the platform refuses upper-case e-mails, and a stable value keeps
 *   plans stable.
 * - `subscriptions` policy: a blocked account (`tv_suspended: true`) wants no subscriptions, so
 *   the plan removes them while blocked and re-adds them on unblock (only when the mapping has a
 *   subscriptions set: it is what is re-added). `tv_suspended`, `state` and
 *   `balance` are dropped from every account, blocked or not: under this policy nothing writes them, so
 *   keeping them would only plan no-op updates (and `--refresh` drift against `is_blocked`,
 *   which the operator panel may set on its own).
 * - `account_state` policy: attributes stay; block/unblock ops post the v3 account-state.
 *
 * Returns the entity itself when nothing changes.
 */
export function applyPolicy(entity: Entity, blocking: BlockingPolicy): Entity {
  if (entity.kind !== 'account') return entity;
  const email = entity.attrs.email;
  const lower = typeof email === 'string' ? email.toLowerCase() : email;
  const dropState = blocking === 'subscriptions' && STATE_ATTRS.some((a) => a in entity.attrs);
  // Only a mapped set is emptied: without one billsync does not know what to re-add on unblock,
  // and removing packages it cannot give back would hurt the subscriber more than it saves.
  const blocked = blocking === 'subscriptions' && entity.attrs.tv_suspended === true && 'subscriptions' in entity.sets;
  if (lower === email && !dropState && !blocked) return entity;

  const attrs: Record<string, AttrValue> = { ...entity.attrs };
  if (lower !== email && lower !== undefined) attrs.email = lower;
  if (dropState) for (const a of STATE_ATTRS) delete attrs[a];
  const sets = blocked ? { ...entity.sets, subscriptions: NO_SUBSCRIPTIONS } : entity.sets;
  return { ...entity, attrs, sets };
}
