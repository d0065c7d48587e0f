/**
 * Kysely table types of the store. Column types are what both dialects return: JSON is kept as
 * TEXT (identical, exact round-trips on SQLite and PostgreSQL), timestamps as ISO-8601 text.
 */
export interface SnapshotEntityTable {
  target: string;
  kind: string;
  key: string;
  parent_kind: string | null;
  parent_key: string | null;
  origin_source: string | null;
  origin_id: string | null;
  /** JSON object of attribute values. */
  attrs: string;
  /** JSON object of sorted member lists. */
  sets: string;
  remote_id: string | null;
  hash: string;
  updated_at: string;
  /** Run that last wrote the row; null for bulk writes outside a run (adoption, set-up). */
  run_id: string | null;
}

export interface RunTable {
  id: string;
  mode: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  /** JSON object of counters. */
  counts: string;
  plan_hash: string | null;
  /** `pid@host` of the process that began the run (null before migration 0002). */
  owner: string | null;
}

export interface HeldBackTable {
  target: string;
  hash: string;
  ops: number;
  /** JSON list of HeldBack entries. */
  reasons: string;
  since: string;
  updated_at: string;
}

export interface OpLogTable {
  run_id: string;
  seq: number;
  target: string;
  kind: string;
  key: string;
  /** The op as JSON, self-contained (see model/op.ts). */
  op: string;
  status: string;
  attempts: number;
  error: string | null;
  at: string;
}

export interface DriftReportTable {
  target: string;
  found_at: string;
  count: number;
  /** JSON list of DriftEntry (secrets redacted). */
  entries: string;
}

export interface MemberNamesTable {
  target: string;
  fetched_at: string;
  /** JSON MemberNames (model/member-names.ts). */
  names: string;
}

/** Smotreshka upsale transactions (migration 0006; model/purchase.ts). */
export interface UpsalePurchaseTable {
  target: string;
  qs_transaction_id: string;
  billing_transaction_id: string;
  operation: string;
  account_key: string;
  account_id: string;
  new_offer: string;
  old_offer: string | null;
  trial_days: number | null;
  state: string;
  ensured_at: string;
  committed_at: string | null;
  service_start: string | null;
  ended_at: string | null;
}

/** Kysely's own migration tables are not listed: the store never queries them directly. */
export interface StoreDatabase {
  snapshot_entity: SnapshotEntityTable;
  run: RunTable;
  op_log: OpLogTable;
  held_back: HeldBackTable;
  drift_report: DriftReportTable;
  member_names: MemberNamesTable;
  upsale_purchase: UpsalePurchaseTable;
}
