/**
 * Bulk live state for `plan --refresh`: customer/list and account/list, 100 a page (the API's
 * maximum), until a short page — two calls per hundred entities instead of one per entity.
 *
 * customer/list does not document `ext_id` (our key), only the customer's `id`. A customer is
 * therefore keyed by its ext_id when the server answers one, else by the id billsync stored when
 * it created or adopted the customer (the snapshot, through `ctx.keyOf`). Customers that neither
 * names are not known to be ours and are left out — never guessed; a snapshot customer the
 * listing did not name is then read by its ext_id (engine/observe-live.ts), not taken for gone.
 */
import type { Entity } from '../../model/entity.js';
import type { ExecuteContext } from '../target.js';
import type { SmartyAnswer, SmartyClient } from './client.js';
import { accountEntity, answerId, customerEntity } from './observe.js';
import { InternalError } from '../../model/errors.js';

/** Our key of a listed customer: its ext_id when answered, else the snapshot's key for its id. */
export function listedCustomerKey(item: SmartyAnswer, ctx: ExecuteContext | undefined): string | null {
  const ext = item.ext_id;
  if ((typeof ext === 'string' && ext !== '') || typeof ext === 'number') return String(ext);
  const id = answerId(item, 'id');
  return id === null ? null : (ctx?.keyOf?.('customer', id) ?? null);
}

const PAGE = 100;

export async function* observeAllOf(client: SmartyClient, target: string, kind: string, ctx?: ExecuteContext): AsyncGenerator<Entity[]> {
  const method = kind === 'customer' ? 'customer/list' : kind === 'account' ? 'account/list' : undefined;
  if (!method) throw new InternalError(`smarty has no kind ${kind}`);
  const listKey = kind === 'customer' ? 'customers' : 'accounts';
  for (let page = 1; ; page++) {
    const answer = await client.call(method, { limit: PAGE, page });
    const items = Array.isArray(answer[listKey]) ? (answer[listKey] as SmartyAnswer[]) : [];
    const entities: Entity[] = [];
    for (const item of items) {
      if (kind === 'customer') {
        const key = listedCustomerKey(item, ctx);
        if (key !== null) entities.push(customerEntity(target, key, item));
      } else if (item.abonement !== undefined && item.abonement !== null) {
        // The owner's ext_id is not in the listing; refresh compares attributes and sets only.
        entities.push(accountEntity(target, String(item.abonement), item, undefined));
      }
    }
    yield entities;
    if (items.length < PAGE) return;
  }
}
