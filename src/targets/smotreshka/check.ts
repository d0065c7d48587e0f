/**
 * `check()` for a Smotreshka target: read-only calls proving that this host is on the operator's
 * IP allow-list (the platform's only authentication), that the account list pages as billsync
 * reads it, and that one account reads back. Never throws for a platform that answers wrongly.
 * The v3 account-state is a write and is not checked.
 */
import type { CheckResult } from '../../model/check.js';
import { isApiError, type SmotreshkaClient } from './client.js';
import { accountFromGet, accountsOfPage } from './observe.js';
import { paginationOf } from './paging.js';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** First page of one account: page 0, or page 1 when page 0 is refused (pages counted from 1). */
async function probeList(client: SmotreshkaClient): Promise<{ base: 0 | 1; answer: unknown }> {
  try {
    return { base: 0, answer: await client.call('GET', '/v2/accounts?page_size=1&page_num=0') };
  } catch (err) {
    if (!isApiError(err, [400])) throw err;
    try {
      return { base: 1, answer: await client.call('GET', '/v2/accounts?page_size=1&page_num=1') };
    } catch {
      throw err;
    }
  }
}

export async function checkSmotreshka(client: SmotreshkaClient, targetName: string): Promise<CheckResult[]> {
  const at = `targets.${targetName}`;
  let listed: { base: 0 | 1; answer: unknown };
  try {
    listed = await probeList(client);
  } catch (err) {
    const allowList = /allow-list/.test(message(err));
    return [
      {
        name: 'GET /v2/accounts',
        status: 'failed',
        detail: message(err),
        fix: allowList
          ? `${at}.url: check it is the operator API Lifestream issued, and ask Lifestream support to put this host's public IP on the allow-list`
          : `${at}.url: set it to the operator API base Lifestream issued (without /v2)`,
      },
    ];
  }
  const p = paginationOf(listed.answer);
  const base = listed.base === 1 || p.page === 1 ? 1 : 0;
  const accounts = accountsOfPage(listed.answer);
  const results: CheckResult[] = [
    base === 1
      ? {
          name: 'GET /v2/accounts',
          status: 'fallback',
          detail: 'allow-listed; pages count from 1 (not 0 as the SPEC example shows): billsync detects this and pages from 1',
        }
      : { name: 'GET /v2/accounts', status: 'ok', detail: `allow-listed; pages count from 0${p.total !== undefined ? `, ${p.total} accounts` : ''}` },
  ];
  const first = accounts[0];
  if (!first) return results;
  try {
    const one = accountFromGet(await client.call('GET', `/v2/accounts/${encodeURIComponent(first.id)}`));
    results.push(
      one?.id === first.id
        ? { name: 'GET /v2/accounts/{id}', status: 'ok', detail: 'an account reads back by its id' }
        : { name: 'GET /v2/accounts/{id}', status: 'failed', detail: 'the answer holds no account billsync can read', fix: `${at}.url: check it points at the operator API` },
    );
  } catch (err) {
    results.push({ name: 'GET /v2/accounts/{id}', status: 'failed', detail: message(err), fix: `${at}.url: check it points at the operator API` });
  }
  return results;
}
