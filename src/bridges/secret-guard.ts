/**
 * No secret in an answer unless the contract has a field for it and the mapping names it
 * (DESIGN rule 6). Two guards: at compile time, a template reading a secret-looking field
 * (`raw.password`, `raw.api_token`, …) is refused anywhere but a field the bridge's contract
 * declares secret; at answer-build time, any text holding one of the configuration's secret
 * values (a source's API key, the daemon token) is blanked, whatever the mapping says.
 */

/** A path segment that names a secret. */
const SECRET_SEGMENT = /(^|[._])(pass(word|wd)?|secret|token|api_?key|pin|pincode|sip_?password|panel_?passwd)([._]|$)/i;

/** Paths read by a template (`{{ raw.password | trim }}` → `raw.password`). */
function pathsOf(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(/\{\{\s*([A-Za-z_][\w.]*)/g)) out.push(m[1]!);
  return out;
}

/** The secret-looking path a template reads, if any. */
export function secretPathIn(template: string): string | undefined {
  return pathsOf(template).find((p) => SECRET_SEGMENT.test(p));
}

/** Blanks text that holds a configuration secret. Secrets under 6 characters are not searched for (too many false hits). */
export function secretScrubber(secretValues: readonly string[]): (v: unknown) => unknown {
  const secrets = secretValues.filter((s) => s.length >= 6);
  if (secrets.length === 0) return (v) => v;
  return (v) => (typeof v === 'string' && secrets.some((s) => v.includes(s)) ? null : v);
}
