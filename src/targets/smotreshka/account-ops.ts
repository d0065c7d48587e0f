/**
 * Account ops on Smotreshka: create (an upsert by username for the operator's own and archived
 * accounts, so a create that meets one adopts it), profile update, v3 state, delete (= archive).
 */
import type { AttrValue, Attrs, Entity } from '../../model/entity.js';
import { TargetRequestError } from '../../model/errors.js';
import type { AttrChange } from '../../model/op.js';
import type { ExecuteContext, OpResult } from '../target.js';
import { needsInitialState } from './account-state.js';
import { isApiError, SmotreshkaApiError } from './client.js';
import { accountId, accountPath, findAccountId, wireUsername, type OpsDeps } from './deps.js';
import { INFO_ATTRS } from './kinds.js';
import { accountAttrs, accountFromGet, type AccountJson } from './observe.js';
import { USERNAME_CHARS } from './options.js';

/** The managed `info` keys of the attributes (`info.fio` → fio); null/absent ones left out. */
function managedInfo(attrs: Attrs): Record<string, string> {
  const info: Record<string, string> = {};
  for (const name of INFO_ATTRS) {
    const v = attrs[name];
    if (v !== null && v !== undefined) info[name.slice('info.'.length)] = String(v);
  }
  return info;
}

/** Reads one account; a 403/404 (archived, gone) is undefined. */
export async function readAccountById(d: OpsDeps, id: string): Promise<AccountJson | undefined> {
  try {
    return accountFromGet(await d.client.call('GET', accountPath(id)));
  } catch (err) {
    if (isApiError(err, [403, 404])) return undefined;
    throw err;
  }
}

/**
 * `POST /v2/accounts`. `created:false` means the username is already this operator's (maybe
 * archived, which the call restores): the account is read and reported as adopted, so the next
 * plan repairs its profile and subscriptions.
 */
export async function createAccount(d: OpsDeps, key: string, entity: Entity): Promise<OpResult> {
  const username = wireUsername(d, key);
  if (username.length === 0 || username.length > 100 || !USERNAME_CHARS.test(username)) {
    throw new TargetRequestError(
      `username '${username}' is not valid on Smotreshka (1–100 of latin letters, digits and _ @ . + - /); transliterate the login in the mapping`,
      { retryable: false },
    );
  }
  const email = entity.attrs.email;
  if (typeof email !== 'string' || email === '') {
    throw new TargetRequestError(`smotreshka account ${username} needs an e-mail; map attrs.email`, { retryable: false });
  }
  const region = entity.attrs.region;
  let answer: unknown;
  try {
    answer = await d.client.call('POST', '/v2/accounts', {
      username,
      email: email.toLowerCase(),
      ...(typeof region === 'string' && region !== '' ? { region } : {}),
      info: managedInfo(entity.attrs),
      // Subscriptions follow as add_member ops, so each one's failure is reported on its own.
      purchases: [],
    });
  } catch (err) {
    if (isApiError(err, [400], /other provider/i)) {
      throw new TargetRequestError(`username ${username} is taken by another provider's subscriber; set username_prefix or change the login`, {
        retryable: false,
        status: 400,
      });
    }
    if (err instanceof SmotreshkaApiError && err.status === 400) {
      throw new TargetRequestError(`smotreshka refused account ${username}: ${err.apiMessage || 'Bad Request'}`, { retryable: false, status: 400 });
    }
    throw err;
  }
  const a = (typeof answer === 'object' && answer !== null ? answer : {}) as { id?: unknown; created?: unknown };
  if (typeof a.id !== 'string' || a.id === '') {
    throw new TargetRequestError(`smotreshka create ${username}: the answer has no account id`, { retryable: false });
  }
  d.directory.remember(username, a.id);
  const sent =
    d.blocking === 'account_state' && needsInitialState(entity.attrs) ? await d.states.send({ accountId: a.id, username }, key, entity.attrs) : undefined;
  if (a.created !== false) return { remoteId: a.id };

  const live = await readAccountById(d, a.id);
  d.logger.info({ kind: 'account', key, remoteId: a.id }, 'adopted an existing Smotreshka account');
  if (!live) return { remoteId: a.id, adopted: { attrs: {}, sets: { subscriptions: [] } } };
  const attrs: Record<string, AttrValue> = accountAttrs(live);
  if (sent) {
    attrs.tv_suspended = sent.tvSuspended;
    if (entity.attrs.state !== undefined) attrs.state = entity.attrs.state;
    if (sent.balance !== undefined) attrs.balance = sent.balance;
  }
  return { remoteId: a.id, adopted: { attrs, sets: { subscriptions: [...(live.subscriptions ?? [])] } } };
}

/** Whether the changes touch the profile (`region`, `info.*`); no changes listed = assume yes. */
function profileChanged(changes: readonly AttrChange[]): boolean {
  return changes.length === 0 || changes.some((c) => c.attr === 'region' || c.attr.startsWith('info.'));
}

/**
 * Whether the changes touch the v3 state (`tv_suspended`, `state`, `balance`). The SPEC asks for
 * the state on every change of the account's money too (charges, top-ups), not only on blocks.
 */
function stateChanged(changes: readonly AttrChange[]): boolean {
  return changes.some((c) => c.attr === 'tv_suspended' || c.attr === 'state' || c.attr === 'balance');
}

/**
 * An update, block or unblock: `/update` for region and info, then (account_state policy) the
 * v3 state for block/unblock or a changed `state`.
 */
export async function changeAccount(
  d: OpsDeps,
  type: 'update' | 'block' | 'unblock',
  key: string,
  entity: Entity,
  changes: readonly AttrChange[],
  ctx: ExecuteContext,
): Promise<OpResult> {
  const id = await accountId(d, key, ctx);
  if (profileChanged(changes)) await updateProfile(d, id, key, entity.attrs);
  if (d.blocking === 'account_state' && (type !== 'update' || stateChanged(changes))) {
    await d.states.send({ accountId: id, username: wireUsername(d, key) }, key, entity.attrs);
  }
  return {};
}

/**
 * `POST /v2/accounts/{id}/update` with region and info. `info` is sent whole, so it is the live
 * object with the managed keys set (null clears one): keys the panel or others keep in `info`
 * (e.g. `operator`) survive.
 */
async function updateProfile(d: OpsDeps, id: string, key: string, attrs: Attrs): Promise<void> {
  const region = attrs.region;
  const managesInfo = INFO_ATTRS.some((name) => name in attrs);
  const body: { region?: string; info?: Record<string, unknown> } = {};
  if (typeof region === 'string' && region !== '') body.region = region;
  if (managesInfo) {
    const live = await readAccountById(d, id);
    if (!live) throw new TargetRequestError(`smotreshka account ${wireUsername(d, key)} (id ${id}) is archived or gone`, { retryable: false, status: 403 });
    const info: Record<string, unknown> = { ...live.info };
    for (const name of INFO_ATTRS) {
      if (!(name in attrs)) continue;
      const v = attrs[name];
      const k = name.slice('info.'.length);
      if (v === null || v === undefined) delete info[k];
      else info[k] = String(v);
    }
    body.info = info;
  }
  if (body.region === undefined && body.info === undefined) return;
  try {
    await d.client.call('POST', accountPath(id, '/update'), body);
  } catch (err) {
    if (isApiError(err, [400])) {
      throw new TargetRequestError(`smotreshka refused the update of ${wireUsername(d, key)}: ${err.apiMessage || 'Bad Request'}`, {
        retryable: false,
        status: 400,
      });
    }
    if (isApiError(err, [403, 404])) {
      throw new TargetRequestError(`smotreshka account ${wireUsername(d, key)} (id ${id}) is archived or gone; a live plan (plan --refresh) re-creates it`, {
        retryable: false,
        status: err.status ?? 403,
      });
    }
    throw err;
  }
}

/** `DELETE /v2/accounts/{id}` archives the account; 403/404 (already archived, gone) is success. */
export async function deleteAccount(d: OpsDeps, key: string, ctx: ExecuteContext): Promise<OpResult> {
  const username = wireUsername(d, key);
  const id = await findAccountId(d, key, ctx);
  if (id !== null) {
    try {
      await d.client.call('DELETE', accountPath(id));
    } catch (err) {
      // The client has already told an allow-list refusal apart: this 403 is about the account.
      if (!isApiError(err, [403, 404])) throw err;
      d.logger.info({ kind: 'account', key }, 'account already archived on Smotreshka');
    }
  }
  d.directory.forget(username);
  return {};
}
