/** Drift entries with secret attribute values redacted, as the store keeps them. Pure. */
import type { DriftEntry } from '../model/plan.js';
import { isSecretAttr, type KindsByTarget } from './entity-changes.js';
import { REDACTED } from '../model/redaction.js';

export function redactDrift(entries: readonly DriftEntry[], kinds: KindsByTarget): DriftEntry[] {
  return entries.map((d) => {
    if (!d.attrs.some((a) => isSecretAttr(kinds, d.target, d.kind, a.attr))) return d;
    const attrs = d.attrs.map((a) => (isSecretAttr(kinds, d.target, d.kind, a.attr) ? { attr: a.attr, snapshot: REDACTED, live: REDACTED } : a));
    return { ...d, attrs };
  });
}
