/** Queries on op_log. */
import type { Kysely } from 'kysely';
import type { Op } from '../model/op.js';
import type { OpLogRecord, OpStatus } from './store.js';
import type { OpLogTable, StoreDatabase } from './schema.js';

type Db = Kysely<StoreDatabase>;

/** The op_log row for an op's outcome. */
export function opLogRow(
  runId: string,
  op: Op,
  status: OpStatus,
  attempts: number,
  error: string | null,
  at: string,
): OpLogTable {
  return {
    run_id: runId,
    seq: op.seq,
    target: op.target,
    kind: op.kind,
    key: op.key,
    op: JSON.stringify(op),
    status,
    attempts,
    error,
    at,
  };
}

/** Plain insert: a second row for the same (run_id, seq) is an error, never an overwrite. */
export async function insertOpLog(db: Db, row: OpLogTable): Promise<void> {
  await db.insertInto('op_log').values(row).execute();
}

/** One run's op log, in seq order. */
export async function selectOps(db: Db, runId: string): Promise<OpLogRecord[]> {
  const rows = await db.selectFrom('op_log').selectAll().where('run_id', '=', runId).orderBy('seq').execute();
  return rows.map(toOpLogRecord);
}

/** An op_log row as the store hands it out. */
export function toOpLogRecord(r: OpLogTable): OpLogRecord {
  return {
    runId: r.run_id,
    seq: Number(r.seq),
    target: r.target,
    kind: r.kind,
    key: r.key,
    op: JSON.parse(r.op) as Op,
    status: r.status as OpStatus,
    attempts: Number(r.attempts),
    error: r.error,
    at: r.at,
  };
}
