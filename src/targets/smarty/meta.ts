/**
 * A Smarty customer's `meta`: JSON text on customer/create and customer/modify, an object in
 * customer/info (DOC). billsync manages only the keys a mapping names (the attributes
 * `meta.<key>`) and keeps every other key: Smarty itself, its portal plugins or an operator may
 * keep their own there.
 *
 * INFERRED: the documents do not say whether customer/modify merges `meta` or replaces it. It
 * is taken to replace it whole (the field is one JSON text), so an update reads customer/info
 * first and sends the merged object back. A key changed by someone else between that read and
 * the modify is lost — a window of one request, taken over wiping every foreign key each time.
 */
import type { AttrValue, Attrs } from '../../model/entity.js';
import { META_PREFIX } from '../../model/kind.js';
import { TargetRequestError } from '../../model/errors.js';
import type { SmartyAnswer } from './client.js';

type MetaObject = Record<string, unknown>;

/** The managed keys among `attrs`, with their desired values (null or '' = remove the key). */
function managedKeys(attrs: Attrs): [string, AttrValue][] {
  const out: [string, AttrValue][] = [];
  for (const [name, value] of Object.entries(attrs)) if (name.startsWith(META_PREFIX)) out.push([name.slice(META_PREFIX.length), value]);
  return out;
}

/** Whether the attrs name any meta key (an update then needs customer/info's meta first). */
export function managesMeta(attrs: Attrs): boolean {
  return managedKeys(attrs).length > 0;
}

/** `meta` for customer/create: the managed keys that have a value; undefined when there are none. */
export function createMeta(attrs: Attrs): string | undefined {
  const meta: MetaObject = {};
  for (const [key, value] of managedKeys(attrs)) if (value !== null && value !== '') meta[key] = value;
  return Object.keys(meta).length > 0 ? JSON.stringify(meta) : undefined;
}

/**
 * `meta` for customer/modify: what Smarty holds (`info.meta`) with the managed keys set or
 * removed; undefined when nothing changes (the modify then leaves meta out). A meta that is not
 * an object is refused rather than overwritten: whatever it holds is not billsync's to drop.
 */
export function modifyMeta(info: SmartyAnswer, attrs: Attrs, customerKey: string): string | undefined {
  const current = metaObject(info.meta);
  if (current === undefined) {
    throw new TargetRequestError(
      `smarty customer/info: meta of customer ${customerKey} is not a JSON object (${describe(info.meta)}); billsync does not overwrite it — make it an object (or {}) in Smarty, or remove meta from the mapping`,
      { retryable: false, status: 200 },
    );
  }
  const merged: MetaObject = { ...current };
  let changed = false;
  for (const [key, value] of managedKeys(attrs)) {
    if (value === null || value === '') {
      if (Object.hasOwn(merged, key)) {
        delete merged[key];
        changed = true;
      }
    } else if (merged[key] !== value) {
      merged[key] = value;
      changed = true;
    }
  }
  return changed ? JSON.stringify(merged) : undefined;
}

/** Every key of customer/info's meta as attributes `meta.<key>` (text; other JSON written out). */
export function metaAttrs(info: SmartyAnswer): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  const meta = metaObject(info.meta);
  for (const [key, v] of Object.entries(meta ?? {})) {
    out[`${META_PREFIX}${key}`] = v === null || v === '' ? null : typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** An object; absent/null as {} (nothing stored yet); JSON text of an object parsed; else undefined. */
function metaObject(v: unknown): MetaObject | undefined {
  if (v === undefined || v === null) return {};
  if (typeof v === 'string') {
    if (v.trim() === '') return {};
    try {
      const parsed = JSON.parse(v) as unknown;
      return isObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return isObject(v) ? v : undefined;
}

function isObject(v: unknown): v is MetaObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
