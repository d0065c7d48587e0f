/**
 * LBcore dates: `YYYY-MM-DD HH:MM:SS` strings in the billing server's local time, with
 * `9999-12-31 …` for "open end" and `0000-00-00 …` or '' for "unset" (shared/api/lanbilling.md
 * §2.1). The server's offset from UTC comes from config (`utc_offset`, default Moscow's +03:00).
 */

/** The offset parser is shared with the config readers; re-exported where it always was. */
export { parseUtcOffset } from '../../util/utc-offset.js';

/** A parsed date: epoch ms, `open` (the far-future sentinel) or `unset` (empty, zero, unparsable). */
export type LbDate = number | 'open' | 'unset';

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Parses an LBcore date given the server's offset from UTC in minutes. */
export function parseLbDate(text: string, utcOffsetMinutes: number): LbDate {
  const m = DATE.exec(text.trim());
  if (!m) return 'unset';
  const [year, month, day, hour, minute, second] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p))) as number[];
  if (year === 0 || month === 0 || day === 0) return 'unset';
  // Anything from year 9999 on is the vendor's "no end"; no real service ends there.
  if (year! >= 9999) return 'open';
  const ms = Date.UTC(year!, month! - 1, day!, hour, minute, second) - utcOffsetMinutes * 60_000;
  return Number.isNaN(ms) ? 'unset' : ms;
}

/** Epoch ms → `YYYY-MM-DD HH:MM:SS` in the server's local time (the form filters take). */
export function formatLbDate(ms: number, utcOffsetMinutes: number): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}
