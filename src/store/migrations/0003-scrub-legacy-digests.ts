/**
 * 0003: the op log forgets the unkeyed secret digests older versions wrote into it.
 *
 * Those digests (`secret:sha256:<16 hex>`, a truncated SHA-256 with no key) give a short
 * credential away to anyone with a copy of the database: a 6-digit SIP password fell to brute
 * force in under a second. The snapshot still needs its old digests to compare against until the
 * row's next write re-keys them (model/secret-digest.ts); the op log is history and compares
 * nothing, so there they become `[secret]`, as in plan files. New entries hold keyed digests.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** A legacy digest as it sits in the op's JSON text. */
const LEGACY = /"secret:sha256:[0-9a-f]{16}"/g;
/** model/redaction's marker as JSON text, spelt out: a migration writes what it wrote when it shipped. */
const REDACTED = '"[secret]"';
const PAGE = 500;

interface Row {
  run_id: string;
  seq: number;
  op: string;
}

export const scrubLegacyDigests: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Keyset pages: a row whose text mentions the prefix without holding a digest is passed by,
    // never read again.
    let after: { run_id: string; seq: number } | undefined;
    for (;;) {
      const page = after
        ? sql<Row>`select run_id, seq, op from op_log where op like ${'%secret:sha256:%'}
            and (run_id > ${after.run_id} or (run_id = ${after.run_id} and seq > ${after.seq}))
            order by run_id, seq limit ${PAGE}`
        : sql<Row>`select run_id, seq, op from op_log where op like ${'%secret:sha256:%'} order by run_id, seq limit ${PAGE}`;
      const { rows } = await page.execute(db);
      for (const r of rows) {
        const op = r.op.replace(LEGACY, REDACTED);
        if (op !== r.op) await sql`update op_log set op = ${op} where run_id = ${r.run_id} and seq = ${r.seq}`.execute(db);
      }
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < PAGE) return;
      after = { run_id: last.run_id, seq: Number(last.seq) };
    }
  },
};
