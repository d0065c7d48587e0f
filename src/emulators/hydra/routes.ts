/**
 * The read routes of Hoper's REST v2 the emulator serves, as a table of
 * (method, template, pattern, handler). Handlers are pure functions of the state and the request.
 */
import type { HydraState } from './state.js';
import type { Json, JsonObject } from './render.js';
import {
  customerLinks, renderAccount, renderCatalog, renderCustomer, renderSubjectAddresses, renderSubscription,
} from './render.js';
import { renderEntry, renderEntryAddresses, renderEquipment, renderPayment } from './render-equipment.js';

export interface RouteRequest {
  readonly state: HydraState;
  /** Absolute base URL incl. `/rest/v2`, for link maps. */
  readonly base: string;
  readonly query: URLSearchParams;
  /** Numeric path parameters in template order. */
  readonly params: readonly number[];
  readonly maxPerPage: number;
}

export interface Reply {
  readonly status: number;
  readonly body: Json;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  /** `GET /subjects/customers/:id` style name, used in stats. */
  readonly template: string;
  readonly pattern: RegExp;
  readonly handle: (req: RouteRequest) => Reply;
}

/**
 * Kaminari-style paging (Hoper is a Rails app): `page` 1-based, `per_page` capped at the
 * server maximum. The default page size of 25 is INFERRED (Kaminari's default); the vendor's
 * clients always send `per_page`.
 */
export function paging(query: URLSearchParams, maxPerPage: number): { page: number; perPage: number } {
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  const perPage = Number.parseInt(query.get('per_page') ?? '25', 10);
  return {
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    perPage: Math.min(maxPerPage, Number.isFinite(perPage) && perPage >= 1 ? perPage : 25),
  };
}

function pageOf<T>(items: readonly T[], query: URLSearchParams, maxPerPage: number): readonly T[] {
  const { page, perPage } = paging(query, maxPerPage);
  return items.slice((page - 1) * perPage, page * perPage);
}

export function errorBody(message: string): JsonObject {
  // INFERRED: the notes saw no error body; Rails-style `errors` is the likeliest shape.
  return { errors: { base: [message] } };
}

const notFound = (what: string): Reply => ({ status: 404, body: errorBody(`${what} not found`) });

function customerRoute(
  template: string,
  pattern: RegExp,
  handle: (req: RouteRequest, customer: NonNullable<ReturnType<HydraState['get']>>) => Reply,
): Route {
  return {
    method: 'GET',
    template,
    pattern,
    handle: (req) => {
      const customer = req.state.get(req.params[0] ?? -1);
      return customer ? handle(req, customer) : notFound('Customer');
    },
  };
}

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    template: 'GET /subjects/customers',
    pattern: /^\/subjects\/customers$/,
    handle: (req) => {
      // INFERRED route (no client confirms it): ordered by n_subject_id, short/empty page = end.
      const { page, perPage } = paging(req.query, req.maxPerPage);
      const customers = req.state.page(page, perPage).map((c) => ({ ...renderCustomer(c), actions: customerLinks(c, req.base).actions }));
      return {
        status: 200,
        body: { customers, navigation: { self: `${req.base}/subjects/customers?page=${page}&per_page=${perPage}` } },
      };
    },
  },
  customerRoute('GET /subjects/customers/:id', /^\/subjects\/customers\/(\d+)$/, (req, c) => ({
    status: 200,
    body: { customer: renderCustomer(c), ...customerLinks(c, req.base) },
  })),
  customerRoute('GET /subjects/customers/:id/accounts', /^\/subjects\/customers\/(\d+)\/accounts$/, (req, c) => ({
    status: 200,
    body: {
      accounts: pageOf([renderAccount(c, req.base)], req.query, req.maxPerPage),
      navigation: { self: `${req.base}/subjects/customers/${c.id}/accounts`, customer: `${req.base}/subjects/customers/${c.id}` },
    },
  })),
  customerRoute('GET /subjects/customers/:id/subscriptions', /^\/subjects\/customers\/(\d+)\/subscriptions$/, (req, c) => ({
    status: 200,
    body: {
      subscriptions: pageOf(c.subscriptions, req.query, req.maxPerPage).map((s) => renderSubscription(c, s, req.base)),
      navigation: { self: `${req.base}/subjects/customers/${c.id}/subscriptions`, customer: `${req.base}/subjects/customers/${c.id}` },
    },
  })),
  {
    method: 'GET',
    template: 'GET /subject_addresses',
    pattern: /^\/subject_addresses$/,
    handle: (req) => {
      const ids = req.query.getAll('subject_id[]').map((v) => Number(v));
      if (ids.length === 0) return { status: 422, body: errorBody('subject_id[] is required') };
      const rows = ids.flatMap((id) => {
        const c = req.state.get(id);
        return c ? renderSubjectAddresses(c) : [];
      });
      return {
        status: 200,
        body: { subject_addresses: pageOf(rows, req.query, req.maxPerPage), navigation: { self: `${req.base}/subject_addresses` } },
      };
    },
  },
  customerRoute('GET /subjects/customers/:id/equipment', /^\/subjects\/customers\/(\d+)\/equipment$/, (req, c) => ({
    status: 200,
    body: {
      equipment: pageOf(c.equipment ?? [], req.query, req.maxPerPage).map((e) => renderEquipment(c, e)),
      navigation: { self: `${req.base}/subjects/customers/${c.id}/equipment`, customer: `${req.base}/subjects/customers/${c.id}` },
    },
  })),
  {
    method: 'GET',
    template: 'GET /objects/net_devices/:oid/entries',
    pattern: /^\/objects\/net_devices\/(\d+)\/entries$/,
    handle: (req) => {
      const e = req.state.equipmentById(req.params[0] ?? -1);
      if (!e) return notFound('Net device');
      return { status: 200, body: { entries: pageOf([renderEntry(e)], req.query, req.maxPerPage), navigation: { self: `${req.base}/objects/net_devices/${e.objectId}/entries` } } };
    },
  },
  {
    method: 'GET',
    template: 'GET /objects/net_devices/:oid/entries/:eid/addresses',
    pattern: /^\/objects\/net_devices\/(\d+)\/entries\/(\d+)\/addresses$/,
    handle: (req) => {
      const e = req.state.equipmentById(req.params[0] ?? -1);
      if (!e || e.entryId !== req.params[1]) return notFound('Entry');
      return { status: 200, body: { addresses: pageOf(renderEntryAddresses(e), req.query, req.maxPerPage), navigation: { self: `${req.base}/objects/net_devices/${e.objectId}/entries/${e.entryId}/addresses` } } };
    },
  },
  {
    method: 'GET',
    template: 'GET /subjects/accounts/:id/payments',
    pattern: /^\/subjects\/accounts\/(\d+)\/payments$/,
    handle: (req) => {
      // INFERRED route: the notes document `/subjects/accounts/{id}/charges?d_begin&d_end` (K2)
      // only; payments are served the same way (same filter, n_doc_id / n_sum / d_oper / vc_rem).
      const c = req.state.byAccountId(req.params[0] ?? -1);
      if (!c) return notFound('Account');
      const from = Date.parse(req.query.get('d_begin') ?? '');
      const to = Date.parse(req.query.get('d_end') ?? '');
      if (Number.isNaN(from) || Number.isNaN(to)) return { status: 422, body: errorBody('d_begin and d_end are required (ISO 8601)') };
      const rows = (c.payments ?? []).filter((p) => p.at >= from && p.at <= to);
      return { status: 200, body: { payments: pageOf(rows, req.query, req.maxPerPage).map((p) => renderPayment(c, p)), navigation: { self: `${req.base}/subjects/accounts/${c.accountId}/payments` } } };
    },
  },
  {
    method: 'GET',
    template: 'GET /catalog/:id',
    pattern: /^\/catalog\/(\d+)$/,
    handle: (req) => {
      const item = req.state.catalogItem(req.params[0] ?? -1);
      if (!item) return notFound('Catalog item');
      return { status: 200, body: { catalog: renderCatalog(item), navigation: { self: `${req.base}/catalog/${item.id}` } } };
    },
  },
];

/** The route for a method and a path relative to `/rest/v2`, with its numeric params. */
export function matchRoute(method: string, path: string): { route: Route; params: number[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1).map((v) => Number(v)) };
  }
  return undefined;
}
