/**
 * The devices of a LANBilling account entry: the MAC addresses bound to it (`getVgroup` →
 * `macstaff[].mac`, a `soapMacStaff` each), as the set-top boxes a Smarty account logs in with.
 */
import { isPlaceholderMac, normaliseUid } from '../../util/mac.js';

/**
 * Normalised MACs (`aa:bb:cc:dd:ee:ff`), sorted, without duplicates. Empty values and the
 * all-zero / all-ones placeholders are left out: they name no box, and binding one would let
 * every account that carries the same placeholder log in as this one.
 */
export function entryMacs(macs: readonly string[]): string[] {
  const out = new Set<string>();
  for (const mac of macs) {
    const uid = normaliseUid(mac);
    if (uid !== '' && !isPlaceholderMac(uid)) out.add(uid);
  }
  return [...out].sort();
}
