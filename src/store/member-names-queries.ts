/** Queries on member_names: each target's cached catalogue of member names. */
import type { Kysely } from 'kysely';
import type { MemberNames } from '../model/member-names.js';
import type { StoreDatabase } from './schema.js';

type Db = Kysely<StoreDatabase>;

/** A target's cached catalogue and when it was read. */
export interface CachedMemberNames {
  readonly fetchedAt: string;
  readonly names: MemberNames;
}

/** Replaces the target's catalogue. */
export async function writeMemberNames(db: Db, target: string, fetchedAt: string, names: MemberNames): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('member_names').where('target', '=', target).execute();
    await trx.insertInto('member_names').values({ target, fetched_at: fetchedAt, names: JSON.stringify(names) }).execute();
  });
}

export async function selectMemberNames(db: Db, target: string): Promise<CachedMemberNames | null> {
  const row = await db.selectFrom('member_names').selectAll().where('target', '=', target).executeTakeFirst();
  return row ? { fetchedAt: row.fetched_at, names: JSON.parse(row.names) as MemberNames } : null;
}
