/**
 * Entity attributes → Billing API form params. Create omits nulls (let Smarty apply its
 * defaults); modify sends nulls as empty strings (clears the field) and never sends create-only
 * attributes. Only attributes the kind declares are sent.
 */
import type { AttrValue, Attrs } from '../../model/entity.js';
import type { KindSpec } from '../../model/kind.js';
import type { SmartyScalar } from './signature.js';

/** Params for `<kind>/create`: declared, non-null attributes. */
export function createParams(spec: KindSpec, attrs: Attrs): Record<string, SmartyScalar> {
  const out: Record<string, SmartyScalar> = {};
  for (const [name, value] of Object.entries(attrs)) {
    if (!spec.attrs[name] || value === null) continue;
    out[name] = value;
  }
  return out;
}

/** Params for `<kind>/modify`: declared, updatable attributes; null → '' on the wire. */
export function modifyParams(spec: KindSpec, attrs: Attrs): Record<string, SmartyScalar | null> {
  const out: Record<string, SmartyScalar | null> = {};
  for (const [name, value] of Object.entries(attrs)) {
    const a = spec.attrs[name];
    if (!a || a.createOnly) continue;
    out[name] = value;
  }
  return out;
}

/** The boolean attributes of a kind (for accounts: `active` and the `allow_*` login flags). */
export function flagNames(spec: KindSpec): string[] {
  return Object.entries(spec.attrs)
    .filter(([, a]) => a.type === 'boolean')
    .map(([name]) => name);
}

/** A flag as Smarty answers it (true/false, 1/0, "True"); undefined when absent or unreadable. */
export function readFlag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === '1' || t === 'true') return true;
    if (t === '0' || t === 'false') return false;
  }
  return undefined;
}

/** A text field as answered; Smarty cannot tell empty from unset, so '' reads as null. */
export function readText(v: unknown): AttrValue | undefined {
  if (v === null) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return String(v);
  return undefined;
}
