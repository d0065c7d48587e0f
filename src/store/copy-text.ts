/**
 * PostgreSQL's COPY text format, writing side. Pure.
 *
 * One line per row, fields separated by a tab, NULL as `\N`. Inside a field the server reads a
 * backslash as the start of an escape, and a raw tab, newline or carriage return as the end of
 * the field or row, so those four are written as `\\`, `\t`, `\n`, `\r`. Everything else (quotes,
 * Cyrillic, emoji) goes through as it is: the connection's encoding is UTF-8.
 * https://www.postgresql.org/docs/current/sql-copy.html#SQL-COPY-TEXT-FORMAT
 */

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPED: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field: `\N` for null, else the text with backslash, tab, newline and CR escaped. */
export function copyTextField(value: string | null): string {
  if (value === null) return '\\N';
  // Most values have nothing to escape; testing first skips building a new string for them.
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPED[c] as string) : value;
}

/** One row: its fields escaped, tab-separated, ending in a newline. */
export function copyTextRow(values: readonly (string | null)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + copyTextField(values[i] as string | null);
  return `${line}\n`;
}
