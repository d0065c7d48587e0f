/**
 * UTC offsets as sync.yaml gives them for servers whose dates carry no zone (LANBilling, UserSide).
 */

/** `+03:00` / `-05:30` / `Z` → minutes east of UTC; null when malformed. */
export function parseUtcOffset(text: string): number | null {
  if (text === 'Z') return 0;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(text);
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}
