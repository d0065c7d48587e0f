/**
 * Smotreshka's subscription catalogue as member names: `GET /v2/subscriptions` answers
 * `[{id, name, channels, …}]` (api notes: not in the SPEC, used by ABillS and the PHP client),
 * the ids account subscriptions hold. Read-only; reports show the names.
 */
import type { MemberNames } from '../../model/member-names.js';
import type { SmotreshkaClient } from './client.js';

export async function smotreshkaSubscriptionNames(client: SmotreshkaClient): Promise<MemberNames> {
  const answer = await client.call('GET', '/v2/subscriptions');
  const names: Record<string, string> = {};
  for (const s of Array.isArray(answer) ? answer : []) {
    if (typeof s !== 'object' || s === null) continue;
    const { id, name } = s as { id?: unknown; name?: unknown };
    if ((typeof id === 'number' || typeof id === 'string') && typeof name === 'string' && name !== '') names[String(id)] = name;
  }
  return { 'account.subscriptions': names };
}
