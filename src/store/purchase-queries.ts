/**
 * The upsale_purchase table (migration 0006): the Smotreshka upsale callbacks' transactions,
 * and the snapshot lookup they start from. Every query is an equality on an index's leading
 * columns, so an answer costs the same at 100 or 100,000 subscribers.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SnapshotEntity } from '../model/entity.js';
import type { Purchase, PurchaseOperation, PurchaseState } from '../model/purchase.js';
import type { StoreDatabase, UpsalePurchaseTable } from './schema.js';
import { fromLoadedRow } from '../model/loaded-row.js';

type Db = Kysely<StoreDatabase>;

/** What `ensure` records. */
export type NewPurchase = Omit<Purchase, 'state' | 'committedAt' | 'serviceStart' | 'endedAt'>;

export interface PurchaseCount {
  readonly target: string;
  readonly state: PurchaseState;
  readonly count: number;
}

/** Store access for the upsale bridge and the planner. */
export interface PurchaseStore {
  /**
   * Records an ensured purchase unless one with its (target, qsTransactionId) exists; returns
   * the stored one either way (`created` tells which). Safe against a concurrent twin call.
   */
  ensure(p: NewPurchase): Promise<{ purchase: Purchase; created: boolean }>;
  get(target: string, qsTransactionId: string): Promise<Purchase | null>;
  /** ensured → committed (a no-op on any other state); returns the stored purchase. */
  commit(target: string, qsTransactionId: string, at: string, serviceStart: string | null): Promise<Purchase | null>;
  /** Committed purchases of a target, oldest commit first (what the planner lays over). */
  committed(target: string): Promise<Purchase[]>;
  /** committed → reflected / expired. */
  end(target: string, qsTransactionIds: readonly string[], state: 'reflected' | 'expired', at: string): Promise<void>;
  /** Purchases in these states, newest first (the listing for the billing). */
  list(q: { target?: string; states: readonly PurchaseState[]; limit: number }): Promise<Purchase[]>;
  counts(): Promise<PurchaseCount[]>;
  /** Whether a committed purchase already gave the account this offer. */
  holds(target: string, accountKey: string, offer: string): Promise<boolean>;
  /** An account's snapshot row: by platform id first, then by key. */
  findAccount(target: string, kind: string, remoteId: string, key: string | null): Promise<SnapshotEntity | null>;
}

export function purchaseStore(db: Db): PurchaseStore {
  const select = (target: string, qs: string) => db.selectFrom('upsale_purchase').selectAll().where('target', '=', target).where('qs_transaction_id', '=', qs).executeTakeFirst();
  return {
    async ensure(p) {
      const row: UpsalePurchaseTable = {
        target: p.target,
        qs_transaction_id: p.qsTransactionId,
        billing_transaction_id: p.billingTransactionId,
        operation: p.operation,
        account_key: p.accountKey,
        account_id: p.accountId,
        new_offer: p.newOffer,
        old_offer: p.oldOffer,
        trial_days: p.trialDays,
        state: 'ensured',
        ensured_at: p.ensuredAt,
        committed_at: null,
        service_start: null,
        ended_at: null,
      };
      const inserted = await db.insertInto('upsale_purchase').values(row).onConflict((oc) => oc.columns(['target', 'qs_transaction_id']).doNothing()).executeTakeFirst();
      const stored = await select(p.target, p.qsTransactionId);
      return { purchase: fromRow(stored!), created: Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0 };
    },
    async get(target, qs) {
      const r = await select(target, qs);
      return r ? fromRow(r) : null;
    },
    async commit(target, qs, at, serviceStart) {
      // Conditional: of two concurrent commits one updates, both then read the same row.
      await db.updateTable('upsale_purchase').set({ state: 'committed', committed_at: at, service_start: serviceStart }).where('target', '=', target).where('qs_transaction_id', '=', qs).where('state', '=', 'ensured').execute();
      const r = await select(target, qs);
      return r ? fromRow(r) : null;
    },
    async committed(target) {
      const rows = await db.selectFrom('upsale_purchase').selectAll().where('target', '=', target).where('state', '=', 'committed').orderBy('committed_at').orderBy('qs_transaction_id').execute();
      return rows.map(fromRow);
    },
    async end(target, ids, state, at) {
      for (let i = 0; i < ids.length; i += 500) {
        await db.updateTable('upsale_purchase').set({ state, ended_at: at }).where('target', '=', target).where('state', '=', 'committed').where('qs_transaction_id', 'in', ids.slice(i, i + 500)).execute();
      }
    },
    async list(q) {
      if (q.states.length === 0) return [];
      let query = db.selectFrom('upsale_purchase').selectAll().where('state', 'in', [...q.states]);
      if (q.target !== undefined) query = query.where('target', '=', q.target);
      const rows = await query.orderBy('ensured_at', 'desc').orderBy('qs_transaction_id').limit(q.limit).execute();
      return rows.map(fromRow);
    },
    async counts() {
      const rows = await db.selectFrom('upsale_purchase').select(['target', 'state', sql<number>`count(*)`.as('n')]).groupBy(['target', 'state']).orderBy('target').orderBy('state').execute();
      return rows.map((r) => ({ target: r.target, state: r.state as PurchaseState, count: Number(r.n) }));
    },
    async holds(target, accountKey, offer) {
      const r = await db.selectFrom('upsale_purchase').select('qs_transaction_id').where('target', '=', target).where('account_key', '=', accountKey).where('state', '=', 'committed').where('new_offer', '=', offer).limit(1).executeTakeFirst();
      return r !== undefined;
    },
    async findAccount(target, kind, remoteId, key) {
      // No ORDER BY: with one, SQLite prefers the primary key (to skip a sort) over the
      // remote-id index and scans the whole target.
      const select = () =>
        db
          .selectFrom('snapshot_entity')
          .select(['kind', 'key', 'parent_kind', 'parent_key', 'origin_source', 'origin_id', 'remote_id', 'hash', sql<string>`'[' || ${sql.ref('attrs')} || ',' || ${sql.ref('sets')} || ']'`.as('body')])
          .where('target', '=', target)
          .where('kind', '=', kind);
      const toEntity = (r: { kind: string; key: string; parent_kind: string | null; parent_key: string | null; origin_source: string | null; origin_id: string | null; remote_id: string | null; hash: string; body: string }) =>
        fromLoadedRow(target, [r.kind, r.key, r.parent_kind, r.parent_key, r.origin_source, r.origin_id, r.remote_id, r.hash, r.body]);
      const byId = await select().where('remote_id', '=', remoteId).limit(1).executeTakeFirst();
      if (byId) return toEntity(byId);
      if (key === null) return null;
      const byKey = await select().where('key', '=', key).executeTakeFirst();
      return byKey ? toEntity(byKey) : null;
    },
  };
}

function fromRow(r: UpsalePurchaseTable): Purchase {
  return {
    target: r.target,
    qsTransactionId: r.qs_transaction_id,
    billingTransactionId: r.billing_transaction_id,
    operation: r.operation as PurchaseOperation,
    accountKey: r.account_key,
    accountId: r.account_id,
    newOffer: r.new_offer,
    oldOffer: r.old_offer,
    trialDays: r.trial_days === null ? null : Number(r.trial_days),
    state: r.state as PurchaseState,
    ensuredAt: r.ensured_at,
    committedAt: r.committed_at,
    serviceStart: r.service_start,
    endedAt: r.ended_at,
  };
}
