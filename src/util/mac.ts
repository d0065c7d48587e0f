/**
 * Device UIDs as one spelling. A MAC address comes as `00-1A-79-…` (Hydra), `001a79…` (UserSide
 * `ip_mac`), `00:1a:79:…` or `001a.79…`; Smarty's own Hydra migration binds them lower-case with
 * colons, so that is the spelling billsync sends and keys devices by. Anything that is not 12
 * hex digits with consistent separators is another kind of UID and is only trimmed.
 */
const MAC = /^[0-9a-f]{2}([-:.]?)[0-9a-f]{2}\1[0-9a-f]{2}\1[0-9a-f]{2}\1[0-9a-f]{2}\1[0-9a-f]{2}$/i;
const DOTTED = /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i;

/** `aa:bb:cc:dd:ee:ff` for a MAC address in any common spelling; other UIDs trimmed. */
export function normaliseUid(uid: string): string {
  const t = uid.trim();
  if (!MAC.test(t) && !DOTTED.test(t)) return t;
  const hex = t.replace(/[-:.]/g, '').toLowerCase();
  return hex.match(/../g)!.join(':');
}

/** Whether a UID is a MAC address of all zeros or all ones (placeholders, never a device). */
export function isPlaceholderMac(uid: string): boolean {
  return uid === '00:00:00:00:00:00' || uid === 'ff:ff:ff:ff:ff:ff';
}
