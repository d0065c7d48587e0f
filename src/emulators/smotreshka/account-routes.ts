/**
 * The v2 account routes of the emulated Smotreshka API, with the documented behaviour a client
 * must survive: create is an upsert for own and archived usernames, another provider's username
 * is refused, e-mails must be lower-case, DELETE archives (403 afterwards), `{}` answers an
 * unknown subscription id and 4006 an archived one.
 */
import type { SmotreshkaAccount, SmotreshkaState } from './state.js';
import { ARCHIVED, NOT_FOUND, accountView, badRequest, ok, type Reply, type RouteRequest } from './views.js';

const USERNAME = /^[A-Za-z0-9_@.+\-/]{1,100}$/;

/** Emulator behaviour switches shared by the routes. */
export interface AccountRouteOptions {
  /** `GET /v2/accounts/{id}` answers the SPEC's `{accounts:[…]}` (default) or the bare account. */
  readonly getShape: 'wrapped' | 'plain';
  /** First page_num of the list. */
  readonly pageBase: 0 | 1;
  /** page_size=-1 lists everything (lenient). */
  readonly pageSizeAll: boolean;
  /** Largest page served. */
  readonly maxPageSize?: number;
}

/** The own account `{id}` names, or the reply that refuses it. */
function accountOf(state: SmotreshkaState, id: string): SmotreshkaAccount | Reply {
  const a = state.accounts.get(id);
  if (!a) return NOT_FOUND;
  return a.archived ? ARCHIVED : a;
}

const isReply = (v: SmotreshkaAccount | Reply): v is Reply => !('username' in v);

/**
 * GET /v2/accounts?page_size=N&page_num=K — both required (SPEC). Pages count from `pageBase`
 * (0 by default, as the SPEC's example answer); `pagination.page` echoes the page served and
 * `pagination.page_size` the size served (capped at `maxPageSize`). page_size=-1 (everything) only
 * when lenient.
 */
export function listAccounts(state: SmotreshkaState, req: RouteRequest, opts: AccountRouteOptions): Reply {
  const size = Number(req.query.get('page_size'));
  const num = Number(req.query.get('page_num'));
  if (!req.query.has('page_size') || !req.query.has('page_num') || !Number.isInteger(size) || !Number.isInteger(num)) {
    return badRequest();
  }
  if (num < opts.pageBase || size === 0 || size < -1 || (size === -1 && !opts.pageSizeAll)) return badRequest();
  const all = state.listed();
  const wanted = size === -1 ? Math.max(all.length, 1) : size;
  const pageSize = opts.maxPageSize !== undefined && size !== -1 ? Math.min(wanted, opts.maxPageSize) : wanted;
  const index = num - opts.pageBase;
  const slice = all.slice(index * pageSize, (index + 1) * pageSize);
  return ok({
    accounts: slice.map(accountView),
    pagination: { page: num, page_size: pageSize, pages: Math.ceil(all.length / pageSize), total: all.length },
  });
}

/** GET /v2/accounts/{id}. */
export function getAccount(state: SmotreshkaState, req: RouteRequest, opts: AccountRouteOptions): Reply {
  const a = accountOf(state, req.id);
  if (isReply(a)) return a;
  return ok(opts.getShape === 'plain' ? accountView(a) : { accounts: [accountView(a)] });
}

/** POST /v2/accounts — an upsert by username for own and archived accounts. */
export function createAccount(state: SmotreshkaState, req: RouteRequest): Reply {
  const b = req.body ?? {};
  const { username, email, region, info, purchases, password } = b;
  if (typeof username !== 'string' || !USERNAME.test(username)) return badRequest();
  if (typeof email !== 'string' || email.length < 1 || email.length > 100 || !email.includes('@') || email !== email.toLowerCase()) {
    return badRequest('invalid email');
  }
  if (password !== undefined && (typeof password !== 'string' || password.length < 5 || password.length > 100)) return badRequest();
  if (region !== undefined && region !== null && typeof region !== 'string') return badRequest('Region is not valid');
  if (info !== undefined && (typeof info !== 'object' || info === null || Array.isArray(info))) return badRequest();
  const ids = purchases === undefined ? [] : purchases;
  if (!Array.isArray(ids) || !ids.every((p) => (typeof p === 'string' || typeof p === 'number') && state.subscriptions.has(String(p)))) {
    return badRequest();
  }
  if (state.otherProviderUsernames.has(username)) return badRequest('Users exists and belongs to other provider');
  const existing = state.accountByUsername(username);
  if (existing) {
    // SPEC: an own or archived username answers created:false; an archived account migrates
    // back into the panel. The body is not applied (unstated; the pessimistic reading).
    existing.archived = false;
    state.touch(existing);
    return ok({ id: existing.id, created: false });
  }
  const a = state.addAccount({
    username,
    email,
    region: typeof region === 'string' ? region : null,
    info: (info as Record<string, unknown> | undefined) ?? {},
    subscriptions: ids.map(String),
  });
  return ok({ id: a.id, created: true });
}

/**
 * POST /v2/accounts/{id}/update — `region` and `info` only. `info` replaces the stored object
 * whole (unstated; the pessimistic reading, so a client that sends part of it is caught).
 */
export function updateAccount(state: SmotreshkaState, req: RouteRequest): Reply {
  const a = accountOf(state, req.id);
  if (isReply(a)) return a;
  const { region, info } = req.body ?? {};
  if (region !== undefined && region !== null && (typeof region !== 'string' || region === '')) return badRequest('Region is not valid');
  if (info !== undefined && (typeof info !== 'object' || info === null || Array.isArray(info))) return badRequest();
  if (typeof region === 'string') a.region = region;
  if (info !== undefined) a.info = { ...(info as Record<string, unknown>) };
  state.touch(a);
  return ok({ region: a.region, info: { ...a.info } });
}

/** DELETE /v2/accounts/{id} — archives the account. */
export function deleteAccount(state: SmotreshkaState, req: RouteRequest): Reply {
  const a = accountOf(state, req.id);
  if (isReply(a)) return a;
  a.archived = true;
  state.touch(a);
  return ok({ deleted: true });
}

/** GET /v2/accounts/{id}/subscriptions — active subscriptions as `[{id}]`. */
export function accountSubscriptions(state: SmotreshkaState, req: RouteRequest): Reply {
  const a = accountOf(state, req.id);
  if (isReply(a)) return a;
  return ok([...a.subscriptions].map((id) => ({ id })));
}

/** Reads `valid` as JSON true/false or form 'true'/'false'/'1'/'0'. */
function flag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0) return false;
  return undefined;
}

/** POST /v2/accounts/{id}/subscriptions {id, valid} — idempotent add (true) / remove (false). */
export function changeSubscription(state: SmotreshkaState, req: RouteRequest): Reply {
  const a = accountOf(state, req.id);
  if (isReply(a)) return a;
  const raw = req.body?.id;
  const valid = flag(req.body?.valid);
  if ((typeof raw !== 'string' && typeof raw !== 'number') || valid === undefined) return badRequest();
  const id = String(raw);
  const sub = state.subscriptions.get(id);
  // SPEC: a subscription id that does not exist answers an empty object with 200.
  if (!sub) return ok({});
  if (sub.archived) return badRequest('HTTP 400: 4006: ValidationErrIsArchived');
  if (valid) a.subscriptions.add(id);
  else a.subscriptions.delete(id);
  state.touch(a);
  return ok({ id, valid });
}

/** GET /v2/subscriptions — the catalogue (not in SPEC; used by ABillS). Base/extra is not shown. */
export function listSubscriptions(state: SmotreshkaState): Reply {
  return ok([...state.subscriptions.values()].filter((s) => !s.archived).map((s) => ({ id: s.id, name: s.name, channels: [] })));
}
