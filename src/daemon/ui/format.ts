/** Small formatting helpers shared by the console's pages. Pure. */
import type { AttrValue } from '../../model/entity.js';
import { isSecretAttr, type KindsByTarget } from '../../report/entity-changes.js';
import { REDACTED } from '../../model/redaction.js';
import { html, type Html } from './html.js';

/** `2025-03-01 10:15:02 UTC` (the daemon's logs and runs are UTC). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
}

/** `4 min ago` / `in 20 s`, from `now`. */
export function relative(iso: string | null | undefined, now: Date): string {
  if (!iso) return '';
  const ms = Date.parse(iso) - now.getTime();
  const s = Math.round(Math.abs(ms) / 1000);
  const text = s < 60 ? `${s} s` : s < 3600 ? `${Math.round(s / 60)} min` : s < 86_400 ? `${(s / 3600).toFixed(1)} h` : `${(s / 86_400).toFixed(1)} d`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** A `<time>` with the absolute UTC time and, beside it, how long ago or until. */
export function timeCell(iso: string | null | undefined, now: Date): Html {
  if (!iso) return html`<span class="dim">—</span>`;
  return html`<time datetime="${iso}">${when(iso)}</time> <span class="dim">${relative(iso, now)}</span>`;
}

export function duration(startIso: string, endIso: string | null): string {
  if (!endIso) return '—';
  const ms = Date.parse(endIso) - Date.parse(startIso);
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** An attribute value as shown: JSON for non-strings, `[secret]` for a secret attribute. */
export function attrValue(kinds: KindsByTarget, target: string, kind: string, attr: string, v: AttrValue | undefined): string {
  if (v === undefined) return '—';
  if (v !== null && isSecretAttr(kinds, target, kind, attr)) return REDACTED;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A status word as a coloured badge (class `b-<status>`; colours in console.css). */
export function badge(status: string, text: string = status): Html {
  const cls = /^[a-z_]+$/.test(status) ? status : 'other';
  return html`<span class="badge b-${cls}">${text}</span>`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
