/** The PostgreSQL advisory lock key of one target in one store. Pure. */
import { createHash } from 'node:crypto';

/**
 * A signed 64-bit key (as a decimal string, for `$1::bigint`) from the store's identity and the
 * target name. The schema is part of it: advisory locks are per database, and two billsync
 * deployments in different schemas of one database must not block each other.
 */
export function advisoryKey(storeScope: string, target: string): string {
  const digest = createHash('sha256').update(`billsync\u0000${storeScope}\u0000${target}`).digest();
  return digest.readBigInt64BE(0).toString();
}
