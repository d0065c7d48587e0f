/**
 * Escaping for the markdown report. Values come from billing systems (names with `|`, `<`,
 * backticks, newlines) and must render as text, never as markup, on GitHub and GitLab. Pure.
 */
import type { AttrValue } from '../model/entity.js';

// Line breaks and other control characters: a raw newline would end a table row or a fenced
// line early; U+2028/2029 are line breaks to some renderers.
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;

/**
 * Text for a table cell, heading or paragraph: HTML-significant characters as entities, markdown
 * punctuation backslash-escaped (`|` included, which GFM tables need even inside code spans,
 * and `$`, which GitHub reads as math), line breaks as spaces.
 */
export function escapeInline(s: string): string {
  return s
    .replace(CONTROL, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`);
}

/** Text inside raw HTML (`<summary>`), where backslash escapes are not processed. */
export function escapeHtml(s: string): string {
  return s
    .replace(CONTROL, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * Text inside a fenced code block: nothing is markup there, but a raw line break would start a
 * new line — one that could close the fence or fake a `+`/`-` line — so control characters are
 * shown as `\uXXXX`.
 */
export function codeText(s: string): string {
  return s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * An attribute value as a reviewer reads it: strings quoted (JSON, so control characters are
 * escaped), `(empty)` for null, cut after `max` characters with the number left out — the full
 * value is in the JSON plan.
 */
export function showValue(v: AttrValue | undefined, max = 200): string {
  if (v === undefined || v === null) return '(empty)';
  return codeText(truncate(typeof v === 'string' ? JSON.stringify(v) : String(v), max));
}

/** Cuts `s` after `max` UTF-16 units (never inside a surrogate pair) and says how much is left out. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${s.slice(0, end)}…(+${s.length - end} chars)`;
}

/** `https://…` as an autolink, anything else as escaped text. */
export function linkOrText(s: string): string {
  return /^https?:\/\/[^\s<>]+$/.test(s) ? `<${s}>` : escapeInline(s);
}
