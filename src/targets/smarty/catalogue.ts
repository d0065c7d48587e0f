/**
 * Smarty's tariff catalogue as member names: `tariff/list` answers `tariffs[]{id, name, …}`
 * (api notes §tariff/list), the ids customer tariffs hold. Read-only; reports show the names.
 */
import type { MemberNames } from '../../model/member-names.js';
import type { SmartyClient } from './client.js';

export async function smartyTariffNames(client: SmartyClient): Promise<MemberNames> {
  const answer = await client.call('tariff/list', {});
  const names: Record<string, string> = {};
  const tariffs = Array.isArray(answer.tariffs) ? answer.tariffs : [];
  for (const t of tariffs) {
    if (typeof t !== 'object' || t === null) continue;
    const { id, name } = t as { id?: unknown; name?: unknown };
    // A row without an id or a name names nothing; the plan shows the bare id then.
    if ((typeof id === 'number' || typeof id === 'string') && typeof name === 'string' && name !== '') names[String(id)] = name;
  }
  return { 'customer.tariffs': names };
}
