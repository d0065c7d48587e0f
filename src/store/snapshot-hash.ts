/** The snapshot hash saved plans compare before applying. Pure, dialect-independent. */
import { createHash } from 'node:crypto';

export interface HashedRow {
  readonly kind: string;
  readonly key: string;
  readonly hash: string;
  readonly remote_id: string | null;
}

/**
 * sha256 over `kind\tkey\thash\tremote_id\n` of every row, ordered by (kind, key) by Unicode code
 * point. The order is computed here, not by `ORDER BY`: PostgreSQL sorts by the database's
 * collation and SQLite by bytes, and the hash must not depend on which store holds the rows.
 * A null remote id hashes as the empty string. `rows` may come in any order.
 */
export function hashSnapshotRows(rows: readonly HashedRow[]): string {
  // Rows usually arrive in this order already (SQLite's ORDER BY compares bytes, as does
  // PostgreSQL's under a C collation), so check first: O(n) instead of sorting 200,000 rows.
  const sorted = isSorted(rows) ? rows : [...rows].sort(compareRows);
  const h = createHash('sha256');
  // Fed in ~64 KiB pieces: one update() per row would cost more than the hashing itself.
  let buf = '';
  for (const r of sorted) {
    buf += `${r.kind}\t${r.key}\t${r.hash}\t${r.remote_id ?? ''}\n`;
    if (buf.length >= 65_536) {
      h.update(buf);
      buf = '';
    }
  }
  return h.update(buf).digest('hex');
}

function compareRows(a: HashedRow, b: HashedRow): number {
  return compareCodePoints(a.kind, b.kind) || compareCodePoints(a.key, b.key);
}

function isSorted(rows: readonly HashedRow[]): boolean {
  for (let i = 1; i < rows.length; i++) {
    if (compareRows(rows[i - 1] as HashedRow, rows[i] as HashedRow) > 0) return false;
  }
  return true;
}

/**
 * Code-point order (= UTF-8 byte order). Plain `<` on JS strings compares UTF-16 units, which
 * puts astral characters (emoji) before U+E000–U+FFFF; that would be a second, different order.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x - y;
    if (x > 0xffff) i++; // skip the low surrogate of a pair both strings share
  }
  return a.length - b.length;
}

/**
 * hashSnapshotRows fed row by row, for a snapshot that streams by (Store.scanSnapshot) and is
 * never held. Rows must come in (kind, key) code-point order, as the scans give them; `digest`
 * returns undefined when they did not (a collation surprise), and the caller asks the store
 * (snapshotHash) instead of trusting a hash of the wrong order.
 */
export class SnapshotHasher {
  readonly #h = createHash('sha256');
  #buf = '';
  #last: HashedRow | undefined;
  #ordered = true;

  add(r: HashedRow): void {
    if (this.#last !== undefined && compareRows(this.#last, r) > 0) this.#ordered = false;
    this.#last = r;
    this.#buf += `${r.kind}\t${r.key}\t${r.hash}\t${r.remote_id ?? ''}\n`;
    if (this.#buf.length >= 65_536) {
      this.#h.update(this.#buf);
      this.#buf = '';
    }
  }

  digest(): string | undefined {
    const hex = this.#h.update(this.#buf).digest('hex');
    return this.#ordered ? hex : undefined;
  }
}
