/**
 * Bulk live state for `plan --refresh`: customer/list and account/list, 100 a page (the API's
 * maximum), until a short page — two calls per hundred entities instead of one per entity.
 * Customers without an ext_id are not ours and are left out.
 */
import type { Entity } from '../../model/entity.js';
import type { SmartyAnswer, SmartyClient } from './client.js';
import { accountEntity, customerEntity } from './observe.js';

const PAGE = 100;

export async function* observeAllOf(client: SmartyClient, target: string, kind: string): AsyncGenerator<Entity[]> {
  const method = kind === 'customer' ? 'customer/list' : kind === 'account' ? 'account/list' : undefined;
  if (!method) throw new Error(`internal error: smarty has no kind ${kind}`);
  const listKey = kind === 'customer' ? 'customers' : 'accounts';
  for (let page = 1; ; page++) {
    const answer = await client.call(method, { limit: PAGE, page });
    const items = Array.isArray(answer[listKey]) ? (answer[listKey] as SmartyAnswer[]) : [];
    const entities: Entity[] = [];
    for (const item of items) {
      if (kind === 'customer') {
        const ext = item.ext_id;
        if ((typeof ext === 'string' && ext !== '') || typeof ext === 'number') entities.push(customerEntity(target, String(ext), item));
      } else if (item.abonement !== undefined && item.abonement !== null) {
        // The owner's ext_id is not in the listing; refresh compares attributes and sets only.
        entities.push(accountEntity(target, String(item.abonement), item, undefined));
      }
    }
    yield entities;
    if (items.length < PAGE) return;
  }
}
