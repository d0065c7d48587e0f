/**
 * Billing API answers → live entities (what `observe` returns and what adoption records).
 * customer/info documents no profile fields except birthdate; whatever profile fields it does
 * answer with are read, others stay unknown (absent), so they never show as drift.
 */
import type { AttrValue, Entity, EntityRef } from '../../model/entity.js';
import { SMARTY_ACCOUNT, SMARTY_CUSTOMER } from './kinds.js';
import { metaAttrs } from './meta.js';
import { readFlag, readText } from './params.js';
import type { SmartyAnswer } from './client.js';

/** An id field of an answer as a remote id string; null when absent. */
export function answerId(answer: SmartyAnswer, field: string): string | null {
  const v = answer[field];
  return typeof v === 'number' || (typeof v === 'string' && v !== '') ? String(v) : null;
}

/** Tariff ids of a customer/info answer, as sorted member strings (tariffs_info, else tariffs). */
export function tariffMembers(info: SmartyAnswer): string[] {
  const fromInfo = Array.isArray(info.tariffs_info)
    ? (info.tariffs_info as unknown[]).map((t) => (typeof t === 'object' && t !== null ? (t as { id?: unknown }).id : undefined))
    : Array.isArray(info.tariffs)
      ? (info.tariffs as unknown[])
      : [];
  const ids = fromInfo.filter((id): id is number | string => typeof id === 'number' || typeof id === 'string').map(String);
  // Same order the snapshot keeps members in: numerically for ids.
  return [...new Set(ids)].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** A customer as Smarty holds it. */
export function customerEntity(target: string, key: string, info: SmartyAnswer): Entity {
  const attrs: Record<string, AttrValue> = {};
  for (const [name, spec] of Object.entries(SMARTY_CUSTOMER.attrs)) {
    if (!(name in info) || spec.createOnly) continue;
    const v = readText(info[name]);
    if (v !== undefined) attrs[name] = v;
  }
  return { target, kind: 'customer', key, attrs: { ...attrs, ...metaAttrs(info) }, sets: { tariffs: tariffMembers(info) } };
}

/** An account as Smarty holds it; `parent` when the owner's ext_id is known. */
export function accountEntity(target: string, key: string, info: SmartyAnswer, parent: EntityRef | undefined): Entity {
  const attrs: Record<string, AttrValue> = {};
  for (const [name, spec] of Object.entries(SMARTY_ACCOUNT.attrs)) {
    if (!(name in info) || spec.createOnly || spec.secret) continue;
    const v = spec.type === 'boolean' ? readFlag(info[name]) : readText(info[name]);
    if (v !== undefined) attrs[name] = v;
  }
  return { target, kind: 'account', key, attrs, sets: {}, ...(parent ? { parent } : {}) };
}
