/**
 * The snapshot store: what billsync last applied to each target, the run history and the op log.
 * One interface, two dialects (SQLite embedded default, PostgreSQL by URL); see db.ts.
 */
import type { CachedMemberNames } from './member-names-queries.js';
import type { MemberNames } from '../model/member-names.js';
import type { SnapshotEntity } from '../model/entity.js';
import type { LoadedRow } from '../model/loaded-row.js';
import type { Op } from '../model/op.js';
import type { DriftEntry, HeldBack, SnapshotScope } from '../model/plan.js';
import type { SecretDigests } from '../model/secret-digest.js';
import type { PurchaseStore } from './purchase-queries.js';

export type { HeldBackRecord, OpLogRecord, OpStatus, RunMode, RunRecord, RunStatus } from '../model/run-record.js';
import type { HeldBackRecord, OpLogRecord, RunMode, RunRecord, RunStatus } from '../model/run-record.js';

/** A snapshot entity's identity. */
export interface EntityRef {
  readonly target: string;
  readonly kind: string;
  readonly key: string;
}

/** A page of one run's op log (the console). */
export interface OpsPageQuery {
  /** Only ops with seq above this (the previous page's last). */
  readonly afterSeq?: number;
  /** Only this entity key. */
  readonly key?: string;
  readonly limit: number;
}

/** A run's failed or skipped ops sharing one reason. */
export interface FailureGroup {
  readonly status: 'failed' | 'skipped';
  readonly reason: string;
  readonly count: number;
  /** The first op with this reason (a link into the run's op list). */
  readonly firstSeq: number;
}

/** Ops on one target in one UTC hour (`YYYY-MM-DDTHH`). */
export interface HourlyOps {
  readonly hour: string;
  readonly ok: number;
  /** Failed and skipped. */
  readonly failed: number;
}

/** A search of the snapshot: entities keyed `value` in `kinds`, or from subscriber `source:value`. */
export interface SnapshotSearch {
  readonly value: string;
  readonly kinds: readonly { readonly target: string; readonly kind: string }[];
  readonly sources: readonly string[];
  readonly limit: number;
}

export interface SnapshotCount {
  readonly target: string;
  readonly kind: string;
  readonly count: number;
}

/** What the last `plan --refresh` found on one target. */
export interface DriftRecord {
  readonly target: string;
  readonly foundAt: string;
  /** Entities that differed; `entries` may hold fewer (drift-queries.ts MAX_STORED_DRIFT). */
  readonly count: number;
  readonly entries: readonly DriftEntry[];
}

/** The snapshot row an op leaves behind: the new state, or `null` when the op deleted it. */
export type SnapshotChange =
  | { readonly kind: 'put'; readonly entity: SnapshotEntity }
  | { readonly kind: 'remove'; readonly target: string; readonly entityKind: string; readonly key: string };

export interface Store {
  /**
   * Digests of secret attribute values under this store's key (kept outside the database, see
   * secret-key.ts). Snapshot rows and op log entries hold these, never the values; the planner
   * compares desired secrets with them.
   */
  readonly secrets: SecretDigests;
  /** The Smotreshka upsale callbacks' transactions (bridges/smotreshka-upsale). */
  readonly purchases: PurchaseStore;
  /** Every snapshot entity of one target. */
  loadSnapshot(target: string): Promise<SnapshotEntity[]>;
  /**
   * Every snapshot row of one target, handed to `onChunk` up to `chunkRows` at a time in
   * (kind, key) code-point order and not kept: planning a million subscribers without holding
   * the snapshot (plan/sift-snapshot.ts). Rows come unparsed (`fromLoadedRow` makes one an
   * entity): most of them equal their desired entity and are dropped by their text alone.
   * SQLite iterates its statement, PostgreSQL fetches from a server-side cursor.
   */
  scanSnapshot(target: string, chunkRows: number, onChunk: (rows: LoadedRow[]) => void): Promise<void>;
  /**
   * The rows `pick` names, each once, in no particular order: a restricted plan's read, by
   * index, so its cost follows the subscribers named, not the size of the target.
   */
  pickSnapshot(target: string, pick: SnapshotScope): Promise<SnapshotEntity[]>;
  /**
   * Up to `limit` rows of one kind of a target with keys after `afterKey` (null: from the
   * first), in key order under the database's collation: a restricted plan reads on only as far
   * as a percentage safety cap needs to know the target holds enough (engine/restricted-snapshot.ts).
   */
  pageSnapshot(target: string, kind: string, afterKey: string | null, limit: number): Promise<SnapshotEntity[]>;
  /** Hash over a target's snapshot (order-independent); saved plans compare it before applying. */
  snapshotHash(target: string): Promise<string>;
  /** Starts a run and returns its id. */
  beginRun(mode: RunMode, planHash: string | null): Promise<string>;
  /**
   * Records a successful op: the op_log row and the snapshot change, in one transaction.
   * A crash never leaves the snapshot claiming what the target does not have.
   */
  commitOp(runId: string, op: Op, attempts: number, change: SnapshotChange): Promise<void>;
  /** Records a failed or skipped op in the op log; the snapshot is untouched. */
  recordOpFailure(runId: string, op: Op, status: 'failed' | 'skipped', attempts: number, error: string): Promise<void>;
  /**
   * Writes many snapshot rows at once, in one transaction (bulk adoption of existing target
   * state, test and benchmark set-up). Rows with the same identity are replaced.
   */
  putSnapshot(entities: readonly SnapshotEntity[]): Promise<void>;
  finishRun(runId: string, status: RunStatus, counts: Readonly<Record<string, number>>): Promise<void>;
  /** Most recent runs first; with `before` (a run id), only older ones (paging). */
  listRuns(limit: number, before?: string): Promise<RunRecord[]>;
  /** One run by id; null when the store has no such run. */
  getRun(id: string): Promise<RunRecord | null>;
  /** Op log of one run, in seq order. */
  listOps(runId: string): Promise<OpLogRecord[]>;
  /** One page of a run's op log, in seq order. */
  listOpsPage(runId: string, q: OpsPageQuery): Promise<OpLogRecord[]>;
  /** A run's failed and skipped ops grouped by reason, most frequent first. */
  failureGroups(runId: string, limit: number): Promise<FailureGroup[]>;
  /** Ops per target for each run (which targets the runs touched). */
  runTargets(runIds: readonly string[]): Promise<Map<string, Record<string, number>>>;
  /** Ops on a target since an ISO time, per UTC hour. */
  opsPerHour(target: string, since: string): Promise<HourlyOps[]>;
  /** The latest ops on any of these entities, newest first. */
  entityOps(entities: readonly EntityRef[], limit: number): Promise<OpLogRecord[]>;
  /** One snapshot entity; null when the snapshot does not hold it. */
  getSnapshotEntity(target: string, kind: string, key: string): Promise<SnapshotEntity | null>;
  findSnapshotEntities(search: SnapshotSearch): Promise<SnapshotEntity[]>;
  /** Snapshot rows per target and kind. */
  snapshotCounts(): Promise<SnapshotCount[]>;
  /** Replaces a target's drift report (entries already redacted). */
  putDrift(target: string, foundAt: string, entries: readonly DriftEntry[]): Promise<void>;
  listDrift(): Promise<DriftRecord[]>;
  /** The target's cached catalogue of member names (tariff names), null before the first read. */
  getMemberNames(target: string): Promise<CachedMemberNames | null>;
  /** Replaces the target's cached catalogue of member names. */
  putMemberNames(target: string, fetchedAt: string, names: MemberNames): Promise<void>;
  /** Runs still marked `running`, oldest first (live ones, or left by a dead process). */
  listRunningRuns(): Promise<RunRecord[]>;
  /**
   * Records what a plan holds back on a target; null clears it. Returns true when the set
   * changed (a new hash, or held → clear), so callers log once per change, not every round.
   */
  putHeldBack(target: string, held: { hash: string; ops: number; reasons: readonly HeldBack[] } | null): Promise<boolean>;
  listHeldBack(): Promise<HeldBackRecord[]>;
  close(): Promise<void>;
}
