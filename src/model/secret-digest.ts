/**
 * What the store keeps of a secret attribute value (a Smarty PIN, a SIP password, a stream URL
 * with credentials): a keyed digest, never the value, so a diff still notices a changed secret.
 *
 * The digest is HMAC-SHA256, full length, under a per-store random key that lives OUTSIDE the
 * database (store/secret-key.ts). The old form, `secret:sha256:<16 hex>`, was an unsalted
 * truncated hash: anyone with a copy of the database recovered a 6-digit SIP password by brute
 * force in under a second. Without the key, an HMAC digest gives nothing to try guesses against.
 *
 * Rows written by older versions still hold the old form. `matches` accepts it (computing the
 * old digest to compare), so upgrading plans no false "changed"; the next write of the row
 * stores the new form.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AttrValue } from './entity.js';
import { InternalError } from './errors.js';

/** Prefix of the keyed digests written now. */
export const DIGEST_PREFIX = 'secret:hmac-sha256:';
/** Prefix of the unkeyed digests older versions wrote; read, never written. */
export const LEGACY_DIGEST_PREFIX = 'secret:sha256:';

/** Digests of secret values under one store's key. */
export interface SecretDigests {
  /** The digest the store keeps of `value`: `secret:hmac-sha256:<64 hex>`. */
  digest(value: AttrValue): string;
  /**
   * Whether `stored` (what a snapshot row holds) is the digest of `value`, in the current form
   * or the legacy one. A stored value that is no digest at all never matches.
   */
  matches(value: AttrValue, stored: AttrValue | undefined): boolean;
}

/** The unkeyed digest older versions stored; only to recognise their rows. */
export function legacySecretDigest(value: AttrValue): string {
  return `${LEGACY_DIGEST_PREFIX}${createHash('sha256').update(String(value)).digest('hex').slice(0, 16)}`;
}

/** Whether a stored value is a digest in the legacy form (to be rewritten on the next write). */
export function isLegacyDigest(stored: AttrValue | undefined): boolean {
  return typeof stored === 'string' && stored.startsWith(LEGACY_DIGEST_PREFIX);
}

/**
 * Digests under `key` (at least 32 bytes of key material). The key is copied: a caller that
 * later wipes its buffer does not change the digests.
 */
export function keyedSecretDigests(key: Uint8Array): SecretDigests {
  if (key.length < 32) throw new InternalError('a secret digest key needs at least 32 bytes');
  const k = Buffer.from(key);
  const mac = (value: AttrValue): Buffer => createHmac('sha256', k).update(String(value)).digest();
  return {
    digest: (value) => `${DIGEST_PREFIX}${mac(value).toString('hex')}`,
    matches(value, stored) {
      if (typeof stored !== 'string') return false;
      if (stored.startsWith(DIGEST_PREFIX)) {
        const want = Buffer.from(stored.slice(DIGEST_PREFIX.length), 'hex');
        const have = mac(value);
        return want.length === have.length && timingSafeEqual(want, have);
      }
      if (stored.startsWith(LEGACY_DIGEST_PREFIX)) return stored === legacySecretDigest(value);
      return false;
    },
  };
}
