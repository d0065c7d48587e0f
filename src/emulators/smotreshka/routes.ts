/** The route table of the emulated Smotreshka API: method + path pattern → handler. */
import {
  accountSubscriptions,
  changeSubscription,
  createAccount,
  deleteAccount,
  getAccount,
  listAccounts,
  listSubscriptions,
  updateAccount,
  type AccountRouteOptions,
} from './account-routes.js';
import { postAccountState, type AccountStateOptions } from './account-state-route.js';
import type { SmotreshkaState } from './state.js';
import type { Reply, RouteRequest } from './views.js';

export interface RouteContext {
  readonly state: SmotreshkaState;
  readonly options: AccountRouteOptions;
  readonly stateOptions: AccountStateOptions;
  /** Wall clock in ms, for the v3 timestamp window. */
  readonly now: () => number;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Pattern with `:id` as in stats (`POST /v2/accounts/:id/subscriptions`). */
  readonly name: string;
  readonly pattern: RegExp;
  readonly handle: (req: RouteRequest, ctx: RouteContext) => Reply;
}

const ID = '([^/]+)';

export const ROUTES: readonly Route[] = [
  { method: 'GET', name: 'GET /v2/accounts', pattern: /^\/v2\/accounts$/, handle: (r, c) => listAccounts(c.state, r, c.options) },
  { method: 'POST', name: 'POST /v2/accounts', pattern: /^\/v2\/accounts$/, handle: (r, c) => createAccount(c.state, r) },
  { method: 'GET', name: 'GET /v2/accounts/:id', pattern: new RegExp(`^/v2/accounts/${ID}$`), handle: (r, c) => getAccount(c.state, r, c.options) },
  { method: 'DELETE', name: 'DELETE /v2/accounts/:id', pattern: new RegExp(`^/v2/accounts/${ID}$`), handle: (r, c) => deleteAccount(c.state, r) },
  {
    method: 'POST',
    name: 'POST /v2/accounts/:id/update',
    pattern: new RegExp(`^/v2/accounts/${ID}/update$`),
    handle: (r, c) => updateAccount(c.state, r),
  },
  {
    method: 'GET',
    name: 'GET /v2/accounts/:id/subscriptions',
    pattern: new RegExp(`^/v2/accounts/${ID}/subscriptions$`),
    handle: (r, c) => accountSubscriptions(c.state, r),
  },
  {
    method: 'POST',
    name: 'POST /v2/accounts/:id/subscriptions',
    pattern: new RegExp(`^/v2/accounts/${ID}/subscriptions$`),
    handle: (r, c) => changeSubscription(c.state, r),
  },
  { method: 'GET', name: 'GET /v2/subscriptions', pattern: /^\/v2\/subscriptions$/, handle: (_r, c) => listSubscriptions(c.state) },
  {
    method: 'POST',
    name: 'POST /accounts/v3/:id/account-state',
    pattern: new RegExp(`^/accounts/v3/${ID}/account-state$`),
    handle: (r, c) => postAccountState(c.state, r, c.now(), c.stateOptions),
  },
];

/** The route for a method and path, with its `{id}`; undefined when none matches. */
export function matchRoute(method: string, path: string): { route: Route; id: string } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, id: m[1] === undefined ? '' : decodeURIComponent(m[1]) };
  }
  return undefined;
}
