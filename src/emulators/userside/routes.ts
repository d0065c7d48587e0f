/**
 * The api.php requests the emulator answers, by `cat/action` (`action`, old `subcat`, or
 * `request` for cat=module — all accepted): the bulk `module/get_user_list`, the batched
 * `customer/get_customers_id` + `customer/get_data`, the state and tariff catalogues. Anything
 * else answers 400 with an ERROR envelope, as UserSide does for a request it does not know.
 */
import { BILLING_ID, type UsCustomerRecord } from './model.js';
import {
  collection, errorBody, num, okBody, renderCustomer, renderState, renderTariff, renderTariffListItem, type RenderContext,
} from './render.js';
import type { CustomerQuery, UsersideState } from './state.js';

/** Which parts of the API this install has. */
export interface InstallFeatures {
  /** `module/get_user_list` (older installs lack it). */
  readonly bulkList: boolean;
  /** `get_data` takes a comma list of ids (false: PHP intval() keeps the first one). */
  readonly multiGet: boolean;
  /** `cat=tariff` (added in 3.12.2; before it only `module/get_tariff_list`). */
  readonly tariffCategory: boolean;
  /**
   * `get_user_list` refuses a call without `billing_id` (the PHP wrapper treats it as required;
   * the server's wording is INFERRED). With or without this, a given billing_id selects that
   * billing's customers.
   */
  readonly userListNeedsBillingId: boolean;
}

export type Reply =
  | { readonly status: number; readonly body: unknown }
  /** A large answer written piece by piece (the bulk list of 100k customers). */
  | { readonly status: number; readonly chunks: () => Iterable<string> };

export interface RouteContext {
  readonly state: UsersideState;
  readonly render: RenderContext;
  readonly features: InstallFeatures;
  readonly params: URLSearchParams;
}

type Route = (ctx: RouteContext) => Reply;

const ROUTES: Readonly<Record<string, Route>> = {
  'module/get_user_list': userList,
  'module/get_user_state_list': (ctx) => ok(ctx, collection(ctx.render.quirks, [...ctx.state.data.states.values()].map((s) => [s.id, renderState(s, ctx.render.quirks)]))),
  'module/get_tariff_list': (ctx) => ok(ctx, collection(ctx.render.quirks, [...ctx.state.data.tariffs.values()].map((t) => [t.id, renderTariffListItem(t, ctx.render.quirks)]))),
  'module/get_api_information': (ctx) => ok(ctx, { version: '3.18', date: '2024-01-15' }),
  'customer/get_customers_id': customersId,
  'customer/get_data': customerData,
  'tariff/get': tariffs,
};

/** The reply to `cat`/`action`; null when the install does not know the request. */
export function route(cat: string, action: string, ctx: RouteContext): Reply | null {
  const key = `${cat}/${action}`;
  if (key === 'module/get_user_list' && !ctx.features.bulkList) return null;
  if (cat === 'tariff' && !ctx.features.tariffCategory) return null;
  const handler = ROUTES[key];
  return handler ? handler(ctx) : null;
}

function ok(ctx: RouteContext, data: unknown): Reply {
  return { status: 200, body: okBody(ctx.render.quirks, data) };
}

function fail(ctx: RouteContext, status: number, text: string): Reply {
  return { status, body: errorBody(ctx.render.quirks, text) };
}

/**
 * All customers but deleted ones (and prospects unless `is_with_potential=1`), keyed by id; only
 * those of `billing_id` when given (every emulated customer is in billing BILLING_ID).
 */
function userList(ctx: RouteContext): Reply {
  const { params, state, render } = ctx;
  const withPotential = params.get('is_with_potential') === '1';
  const billing = params.get('billing_id') ?? '';
  if (billing === '' && ctx.features.userListNeedsBillingId) return fail(ctx, 400, 'Parameter billing_id is required');
  if (billing !== '' && !/^\d+$/.test(billing)) return fail(ctx, 400, 'Invalid value of billing_id');
  const one = params.get('customer_id');
  let customers: readonly UsCustomerRecord[];
  if (billing !== '' && Number(billing) !== BILLING_ID) customers = [];
  else if (one !== null && one !== '') {
    const c = state.get(Number(one));
    customers = c ? [c] : [];
  } else customers = state.all();
  const listed = withPotential ? customers : customers.filter((c) => !c.potential);
  if (listed.length === 0) return ok(ctx, []);
  const q = render.quirks;
  const envelope = JSON.stringify(okBody(q, null));
  const [head, tail] = envelope.split('null') as [string, string];
  const keyed = q.containers === 'keyed';
  return {
    status: 200,
    *chunks() {
      yield `${head}${keyed ? '{' : '['}`;
      const parts: string[] = [];
      let first = true;
      for (let i = 0; i < listed.length; i++) {
        const c = listed[i]!;
        const json = JSON.stringify(renderCustomer(c, render));
        parts.push(keyed ? `${JSON.stringify(String(c.id))}:${json}` : json);
        if (parts.length === 500 || i === listed.length - 1) {
          yield (first ? '' : ',') + parts.join(',');
          first = false;
          parts.length = 0;
        }
      }
      yield `${keyed ? '}' : ']'}${tail}`;
    },
  };
}

const QUERY_PARAMS: readonly (readonly [string, keyof CustomerQuery])[] = [
  ['is_ex', 'isEx'], ['state_id', 'stateId'], ['house_id', 'houseId'], ['tariff_id', 'tariffId'], ['is_corporate', 'isCorporate'], ['billing_id', 'billingId'],
];

/** Ids of the customers matching the conditions; at least one condition is required. */
function customersId(ctx: RouteContext): Reply {
  const query: Record<string, number> = {};
  for (const [param, field] of QUERY_PARAMS) {
    const v = ctx.params.get(param);
    if (v === null || v === '') continue;
    if (!/^\d+$/.test(v)) return fail(ctx, 400, `Invalid value of ${param}`);
    query[field] = Number(v);
  }
  if (Object.keys(query).length === 0) return fail(ctx, 400, 'At least one condition is required');
  let ids = ctx.state.query(query);
  const limit = Number(ctx.params.get('limit') ?? '');
  if (Number.isInteger(limit) && limit > 0) ids = ids.slice(0, limit);
  return ok(ctx, ids.map((id) => num(ctx.render.quirks, id)));
}

/**
 * One customer's card (the object itself), or several keyed by id for a comma list. An
 * unknown single id is an error (404); unknown ids in a list are left out.
 */
function customerData(ctx: RouteContext): Reply {
  const raw = ctx.params.get('customer_id') ?? ctx.params.get('id') ?? '';
  const parts = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) return fail(ctx, 400, 'customer_id is required');
  // Without multi-get PHP's intval('1,2,3') keeps the first id and answers that one customer.
  const ids = ctx.features.multiGet ? parts.map(Number) : [Number(parts[0])];
  if (ids.length === 1) {
    const c = ctx.state.get(ids[0]!);
    return c ? ok(ctx, renderCustomer(c, ctx.render)) : fail(ctx, 404, 'Customer not found');
  }
  const found = [...new Set(ids)].map((id) => ctx.state.get(id)).filter((c): c is UsCustomerRecord => c !== undefined);
  return ok(ctx, collection(ctx.render.quirks, found.map((c) => [c.id, renderCustomer(c, ctx.render)])));
}

/** The tariff catalogue keyed by id, optionally only the ids in `id`. */
function tariffs(ctx: RouteContext): Reply {
  const only = (ctx.params.get('id') ?? '').split(',').filter((p) => p !== '').map(Number);
  const list = [...ctx.state.data.tariffs.values()].filter((t) => only.length === 0 || only.includes(t.id));
  return ok(ctx, collection(ctx.render.quirks, list.map((t) => [t.id, renderTariff(t, ctx.render.quirks)])));
}
