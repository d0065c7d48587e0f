/**
 * Error text for the browser with the configuration's secret values cut out: an exception from
 * a source or target client may quote a URL or request carrying a key. Entity attributes are
 * redacted by kind (format.ts); this covers free text.
 */
import { REDACTED } from '../../model/redaction.js';

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret containing another is cut whole. Very short values would cut
  // ordinary words out of messages; none of the secrets billsync takes is that short in practice.
  for (const s of [...secrets].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
  return out;
}
