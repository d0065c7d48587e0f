/**
 * The console's one way to write HTML: a tagged template that escapes every interpolated value
 * unless it is already Html (built by this same tag). Pages never concatenate strings into
 * markup, so billing data — Cyrillic names, quotes, `<script>` typed into a comment field — is
 * always shown as text.
 *
 *   html`<td>${subscriber.name}</td>`          // escaped
 *   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`   // arrays of Html join
 */

/** Markup that is safe to emit as is (it came from the `html` tag). */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text escaped for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** One interpolated value: Html as is, arrays joined, nothing for null/undefined/false. */
function render(v: unknown): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/**
 * A link target inside the console: `path` plus query parameters (undefined ones left out),
 * percent-encoded. Still escaped where interpolated, like any value.
 */
export function href(path: string, params: Readonly<Record<string, string | number | undefined>> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s === '' ? path : `${path}?${s}`;
}
