/**
 * `check()` for a SmartYard target: read-only lists proving that the app's `/bill/api/` answers
 * and its database with it. `types_list/` is the database probe: the types table is never empty
 * on a working server, and the route answers a database error with an empty list. Whether
 * `devices_add/` works cannot be seen without adding a device (the published HEAD answers 422 to
 * every call), so it is not checked; `inventory_mode: adopt_only` is reported as the fallback in use.
 */
import type { CheckResult } from '../../model/check.js';
import type { SmartyardClient } from './client.js';
import type { InventoryMode } from './options.js';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function checkSmartyard(client: SmartyardClient, targetName: string, mode: InventoryMode): Promise<CheckResult[]> {
  const at = `targets.${targetName}`;
  const urlFix = `${at}.url: set it to the SmartYard app's own base (its port, not the /api proxy), e.g. http://10.0.0.5:5000; a proxy that wants a token takes ${at}.token`;
  const results: CheckResult[] = [];
  try {
    const types = await client.json('types_list');
    const n = Array.isArray(types.types) ? types.types.length : 0;
    if (n === 0) {
      return [
        {
          name: 'types_list/',
          status: 'failed',
          detail: 'answered no device types: the server hides database errors behind empty lists, so its database is down or unseeded (dump.sql seeds cam, newcam, lock)',
          fix: `${urlFix} — and check the SmartYard server's PostgreSQL and log`,
        },
      ];
    }
    results.push({ name: 'types_list/', status: 'ok', detail: `the app and its database answer (${n} device types)` });
  } catch (err) {
    return [{ name: 'types_list/', status: 'failed', detail: message(err), fix: urlFix }];
  }
  for (const [route, field] of [
    ['devices_list', 'devices'],
    ['doors_list', 'doors'],
  ] as const) {
    try {
      const answer = await client.json(route);
      const list = answer[field];
      results.push(
        Array.isArray(list)
          ? { name: `${route}/`, status: 'ok', detail: `${list.length} ${field}` }
          : { name: `${route}/`, status: 'failed', detail: `the answer has no '${field}' list`, fix: urlFix },
      );
    } catch (err) {
      results.push({ name: `${route}/`, status: 'failed', detail: message(err), fix: urlFix });
    }
  }
  results.push(
    mode === 'adopt_only'
      ? {
          name: 'inventory_mode',
          status: 'fallback',
          detail: 'adopt_only: devices and doors are adopted from the lists, never added (for servers whose devices_add/ fails, like the published HEAD); make new ones by hand',
        }
      : {
          name: 'inventory_mode',
          status: 'ok',
          detail: `create: devices_add/ and doors_add/ are not checked (that would add a device); if they answer 422 to everything, set ${at}.inventory_mode: adopt_only`,
        },
  );
  return results;
}
