/** Constant-time check of a `key=` query parameter (platforms that can only be given a URL). */
import { createHash, timingSafeEqual } from 'node:crypto';

export function keyMatches(given: string | null, token: string): boolean {
  const a = createHash('sha256').update(given ?? '').digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) && given !== null;
}
