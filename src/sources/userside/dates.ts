/**
 * UserSide dates: `Y-m-d`, `Y-m-d H:i:s` and, for agreements, `dd.mm.yyyy` (PY parses them
 * so), all in the server's local time without a zone; `0000-00-00` (MySQL's zero date) or ''
 * for none. The server's offset from UTC comes from config (`utc_offset`, default +03:00).
 */

/** The offset parser is shared with the config readers; re-exported where it always was. */
export { parseUtcOffset } from '../../util/utc-offset.js';

/** A calendar date with an optional wall-clock time, as UserSide wrote it. */
export interface UsDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** null for a date without a time. */
  readonly time: { readonly hour: number; readonly minute: number; readonly second: number } | null;
}

const ISO_LIKE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const RUSSIAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Parses a UserSide date; null for zero, empty, or anything that is not a real date. */
export function parseUsDate(value: unknown): UsDate | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  let parts: (string | undefined)[];
  const iso = ISO_LIKE.exec(text);
  const ru = iso ? null : RUSSIAN.exec(text);
  if (iso) parts = [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]];
  else if (ru) parts = [ru[3], ru[2], ru[1], ru[4], ru[5], ru[6]];
  else return null;
  const [year, month, day, hour, minute, second] = parts.map((p) => (p === undefined ? undefined : Number(p)));
  if (!year || !month || !day || month > 12 || day > 31) return null;
  // Date.UTC rolls 31.02 over into March; such a date is garbage, not a date.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1) return null;
  if (hour === undefined) return { year, month, day, time: null };
  if (hour > 23 || minute! > 59 || (second ?? 0) > 59) return null;
  return { year, month, day, time: { hour, minute: minute!, second: second ?? 0 } };
}

/** `YYYY-MM-DD` (the calendar date as written; no zone needed). */
export function isoDate(d: UsDate): string {
  return `${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}`;
}

/** The instant the server's wall clock showed (midnight for a date without time), as ISO UTC. */
export function isoInstant(d: UsDate, utcOffsetMinutes: number): string {
  const t = d.time ?? { hour: 0, minute: 0, second: 0 };
  const ms = Date.UTC(d.year, d.month - 1, d.day, t.hour, t.minute, t.second) - utcOffsetMinutes * 60_000;
  return new Date(ms).toISOString();
}

const pad = (n: number): string => String(n).padStart(2, '0');
