/**
 * The Store over Kysely: one implementation for both dialects. They differ only in putSnapshot's
 * batch size, PostgreSQL's COPY path for large putSnapshots (postgres-snapshot-writer.ts) and
 * SQLite's loadSnapshot fast path (sqlite-snapshot-loader.ts).
 */
import { selectMemberNames, writeMemberNames, type CachedMemberNames } from './member-names-queries.js';
import type { MemberNames } from '../model/member-names.js';
import type { Kysely } from 'kysely';
import type { SnapshotEntity } from '../model/entity.js';
import type { LoadedRow } from '../model/loaded-row.js';
import { InternalError } from '../model/errors.js';
import type { Op } from '../model/op.js';
import type { SecretDigests } from '../model/secret-digest.js';
import type { DriftRecord, EntityRef, FailureGroup, HeldBackRecord, HourlyOps, OpLogRecord, OpsPageQuery, RunMode, RunRecord, RunStatus, SnapshotChange, SnapshotCount, SnapshotSearch, Store } from './store.js';
import { selectPickedRows, selectSnapshotPage } from './snapshot-pick-queries.js';
import type { StoreDatabase } from './schema.js';
import { insertOpLog, opLogRow, selectOps } from './op-log-queries.js';
import { insertRun, selectRun, selectRunningRuns, selectRuns, updateRunFinish } from './run-queries.js';
import { selectEntityOps, selectFailureGroups, selectOpsPage, selectOpsPerHour, selectRunTargets } from './op-log-console-queries.js';
import { findSnapshotEntities, selectSnapshotCounts, selectSnapshotEntity } from './snapshot-lookup-queries.js';
import { selectDrift, writeDrift } from './drift-queries.js';
import { selectHeldBack, writeHeldBack } from './held-back-queries.js';
import { hostname } from 'node:os';
import type { DriftEntry, HeldBack, SnapshotScope } from '../model/plan.js';
import { newRunId } from './run-id.js';
import { hashSnapshotRows } from './snapshot-hash.js';
import { deleteSnapshotRow, scanSnapshotCursor, selectHashedRows, selectSnapshot, upsertSnapshotRows } from './snapshot-queries.js';
import { toSnapshotRow } from './snapshot-row.js';
import type { SnapshotBulkWriter } from './postgres-snapshot-writer.js';
import type { SnapshotLoader, SnapshotScanner } from './sqlite-snapshot-loader.js';
import { purchaseStore, type PurchaseStore } from './purchase-queries.js';

export interface KyselyStoreOptions {
  /**
   * Rows per multi-row insert in putSnapshot. 13 bind parameters per row must stay under the
   * dialect's limit (SQLite 32766, PostgreSQL 65535).
   */
  readonly batchRows: number;
  /**
   * Writes a putSnapshot of at least `minRows` distinct rows instead of the batched upserts
   * (PostgreSQL's COPY); smaller ones keep the upserts, cheaper for a few rows.
   */
  readonly bulkWrite?: { readonly minRows: number; readonly write: SnapshotBulkWriter };
  /** Replaces the generic loadSnapshot query (SQLite's array-row fast path). */
  readonly loadSnapshot?: SnapshotLoader;
  /** Replaces the generic cursor scan (SQLite iterates its statement instead). */
  readonly scanSnapshot?: SnapshotScanner;
  /** ISO timestamp for updated_at / started_at / at; injectable for tests. */
  readonly now?: () => string;
  /** Secret digests under the store's key (secret-key.ts). */
  readonly secrets: SecretDigests;
}

export class KyselyStore implements Store {
  readonly secrets: SecretDigests;
  readonly purchases: PurchaseStore;
  readonly #db: Kysely<StoreDatabase>;
  readonly #batchRows: number;
  readonly #bulkWrite: KyselyStoreOptions['bulkWrite'];
  readonly #now: () => string;
  readonly #load: SnapshotLoader;
  readonly #scan: SnapshotScanner;
  #closed = false;

  constructor(db: Kysely<StoreDatabase>, opts: KyselyStoreOptions) {
    this.#db = db;
    this.secrets = opts.secrets;
    this.purchases = purchaseStore(db);
    this.#batchRows = opts.batchRows;
    this.#bulkWrite = opts.bulkWrite;
    this.#now = opts.now ?? (() => new Date().toISOString());
    this.#load = opts.loadSnapshot ?? ((target) => selectSnapshot(db, target));
    this.#scan = opts.scanSnapshot ?? ((target, chunkRows, onChunk) => scanSnapshotCursor(db, target, chunkRows, onChunk));
  }

  loadSnapshot(target: string): Promise<SnapshotEntity[]> {
    return this.#load(target);
  }

  scanSnapshot(target: string, chunkRows: number, onChunk: (rows: LoadedRow[]) => void): Promise<void> {
    return this.#scan(target, chunkRows, onChunk);
  }

  pickSnapshot(target: string, pick: SnapshotScope): Promise<SnapshotEntity[]> {
    return selectPickedRows(this.#db, target, pick);
  }

  pageSnapshot(target: string, kind: string, afterKey: string | null, limit: number): Promise<SnapshotEntity[]> {
    return selectSnapshotPage(this.#db, target, kind, afterKey, limit);
  }

  async snapshotHash(target: string): Promise<string> {
    return hashSnapshotRows(await selectHashedRows(this.#db, target));
  }

  async beginRun(mode: RunMode, planHash: string | null): Promise<string> {
    const id = newRunId();
    await insertRun(this.#db, {
      id,
      mode,
      started_at: this.#now(),
      finished_at: null,
      status: 'running',
      counts: '{}',
      plan_hash: planHash,
      owner: `${process.pid}@${hostname()}`,
    });
    return id;
  }

  async commitOp(runId: string, op: Op, attempts: number, change: SnapshotChange): Promise<void> {
    const at = this.#now();
    await this.#db.transaction().execute(async (trx) => {
      // Snapshot first, op_log second: either failing rolls back both, and a failing op_log
      // insert (e.g. a repeated seq) is then proof the transaction, not the order, protects us.
      if (change.kind === 'put') await upsertSnapshotRows(trx, [toSnapshotRow(change.entity, at, runId)]);
      else await deleteSnapshotRow(trx, change.target, change.entityKind, change.key);
      await insertOpLog(trx, opLogRow(runId, op, 'ok', attempts, null, at));
    });
  }

  async recordOpFailure(
    runId: string,
    op: Op,
    status: 'failed' | 'skipped',
    attempts: number,
    error: string,
  ): Promise<void> {
    await insertOpLog(this.#db, opLogRow(runId, op, status, attempts, error, this.#now()));
  }

  async putSnapshot(entities: readonly SnapshotEntity[]): Promise<void> {
    if (entities.length === 0) return;
    const at = this.#now();
    // Last one wins for a repeated identity, as sequential puts would; PostgreSQL would refuse
    // two rows with one identity in the same INSERT … ON CONFLICT.
    const byId = new Map<string, SnapshotEntity>();
    for (const e of entities) byId.set(`${e.target}\u0000${e.kind}\u0000${e.key}`, e);
    const rows = [...byId.values()].map((e) => toSnapshotRow(e, at, null));
    if (this.#bulkWrite && rows.length >= this.#bulkWrite.minRows) return this.#bulkWrite.write(rows);
    await this.#db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += this.#batchRows) {
        await upsertSnapshotRows(trx, rows.slice(i, i + this.#batchRows));
      }
    });
  }

  async finishRun(runId: string, status: RunStatus, counts: Readonly<Record<string, number>>): Promise<void> {
    const found = await updateRunFinish(this.#db, runId, status, counts, this.#now());
    // A caller finishing a run that was never begun has lost track of its run id: a bug.
    if (!found) throw new InternalError(`finishRun of unknown run ${runId}`);
  }

  listRuns(limit: number, before?: string): Promise<RunRecord[]> {
    return selectRuns(this.#db, limit, before);
  }

  getRun(id: string): Promise<RunRecord | null> {
    return selectRun(this.#db, id);
  }

  listOpsPage(runId: string, q: OpsPageQuery): Promise<OpLogRecord[]> {
    return selectOpsPage(this.#db, runId, q);
  }

  failureGroups(runId: string, limit: number): Promise<FailureGroup[]> {
    return selectFailureGroups(this.#db, runId, limit);
  }

  runTargets(runIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
    return selectRunTargets(this.#db, runIds);
  }

  opsPerHour(target: string, since: string): Promise<HourlyOps[]> {
    return selectOpsPerHour(this.#db, target, since);
  }

  entityOps(entities: readonly EntityRef[], limit: number): Promise<OpLogRecord[]> {
    return selectEntityOps(this.#db, entities, limit);
  }

  getSnapshotEntity(target: string, kind: string, key: string): Promise<SnapshotEntity | null> {
    return selectSnapshotEntity(this.#db, target, kind, key);
  }

  findSnapshotEntities(search: SnapshotSearch): Promise<SnapshotEntity[]> {
    return findSnapshotEntities(this.#db, search);
  }

  snapshotCounts(): Promise<SnapshotCount[]> {
    return selectSnapshotCounts(this.#db);
  }

  putDrift(target: string, foundAt: string, entries: readonly DriftEntry[]): Promise<void> {
    return writeDrift(this.#db, target, foundAt, entries);
  }

  listDrift(): Promise<DriftRecord[]> {
    return selectDrift(this.#db);
  }

  getMemberNames(target: string): Promise<CachedMemberNames | null> {
    return selectMemberNames(this.#db, target);
  }

  putMemberNames(target: string, fetchedAt: string, names: MemberNames): Promise<void> {
    return writeMemberNames(this.#db, target, fetchedAt, names);
  }

  listOps(runId: string): Promise<OpLogRecord[]> {
    return selectOps(this.#db, runId);
  }

  listRunningRuns(): Promise<RunRecord[]> {
    return selectRunningRuns(this.#db);
  }

  putHeldBack(target: string, held: { hash: string; ops: number; reasons: readonly HeldBack[] } | null): Promise<boolean> {
    return writeHeldBack(this.#db, target, held, this.#now());
  }

  listHeldBack(): Promise<HeldBackRecord[]> {
    return selectHeldBack(this.#db);
  }

  /** Closes the connection(s). Calling it again does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.destroy();
  }
}
