/**
 * What billsync manages on a Smarty target — the three ways the Smarty documents describe a
 * billing working with Smarty:
 *  - `full` (default): the billing manages subscribers and their subscriptions — customers,
 *    accounts, tariffs, devices, and payments as transactions when the mapping lists them;
 *  - `transactional`: Smarty's built-in billing manages subscriptions; billsync sends the
 *    billing's payments as transactions and keeps customers, accounts and devices, but plans no
 *    tariff changes (Smarty's own tariffs are left as they are);
 *  - `reduced`: a chosen part of full (`manage:`), e.g. only accounts and devices.
 * Pure: the clock comes in as `now`.
 */
import type { Entity } from '../../model/entity.js';

export type SmartyMode = 'full' | 'transactional' | 'reduced';

/** Parts of the full integration `manage:` can list. Customers and accounts carry the rest. */
export const SMARTY_PARTS = ['customers', 'accounts', 'tariffs', 'devices', 'transactions'] as const;
export type SmartyPart = (typeof SMARTY_PARTS)[number];

export interface SmartyModePolicy {
  readonly mode: SmartyMode;
  readonly parts: ReadonlySet<SmartyPart>;
  /** Payments older than this many days are left out (neither sent nor reported gone). */
  readonly windowDays: number;
  /** A payment that left the billing inside the window: report it (default) or transaction/delete it. */
  readonly onGone: 'report' | 'delete';
}

/** The parts a mode manages (`manage` only matters for reduced). */
export function partsOf(mode: SmartyMode, manage: readonly SmartyPart[] | undefined): ReadonlySet<SmartyPart> {
  if (mode === 'full') return new Set(SMARTY_PARTS);
  if (mode === 'transactional') return new Set<SmartyPart>(['customers', 'accounts', 'devices', 'transactions']);
  return new Set(manage ?? []);
}

const PART_OF_KIND: Readonly<Record<string, SmartyPart>> = { customer: 'customers', account: 'accounts', device: 'devices', transaction: 'transactions' };

/** Whether the policy manages entities of `kind` at all. */
export function managesKind(p: SmartyModePolicy, kind: string): boolean {
  const part = PART_OF_KIND[kind];
  return part !== undefined && p.parts.has(part);
}

const DAY_MS = 86_400_000;

/**
 * Whether an entity is planned at all: its kind is managed, and a transaction's payment date is
 * inside the window. An undated payment counts as inside (it is sent once; error 1 keeps it once).
 */
export function inScope(p: SmartyModePolicy, e: Pick<Entity, 'kind' | 'attrs'>, now: number): boolean {
  if (!managesKind(p, e.kind)) return false;
  if (e.kind !== 'transaction') return true;
  const date = e.attrs.date;
  if (typeof date !== 'string' || date === '') return true;
  const t = Date.parse(date);
  return Number.isNaN(t) || t >= now - p.windowDays * DAY_MS;
}

/** A customer without its tariff set when tariffs are not managed (no tariff op is then planned). */
export function withoutUnmanagedSets(p: SmartyModePolicy, e: Entity): Entity {
  if (e.kind !== 'customer' || p.parts.has('tariffs') || !('tariffs' in e.sets)) return e;
  const { tariffs: _dropped, ...sets } = e.sets;
  return { ...e, sets };
}
