/**
 * Wire client for Hoper (Hydra REST v2): token login, auth header, retries, paging, envelopes.
 * Every API call goes through the source's limiter (rate + concurrency), logins excepted (see
 * send()); waits between retries happen outside it so a backing-off request holds no slot.
 *
 * Failure rules: a 401/403 triggers exactly one re-login (shared by all requests that saw the
 * same stale token) and one retry; 5xx, 429 and network errors are retried up to `maxRetries`
 * times with backoff (honouring Retry-After); anything else fails the call.
 */
import type PQueue from 'p-queue';
import { SourceReadError } from '../../model/errors.js';
import { HttpClient, type HttpResponse } from '../../util/http.js';
import { sendWithRetries } from '../transport-retry.js';
import { listIn, objectIn, parseJson, snippet } from './envelope.js';
import type { HydraOptions } from './options.js';
import type { HydraAccount, HydraCatalogItem, HydraCustomer, HydraSubjectAddress, HydraSubscription } from './types.js';

export interface HydraClientDeps {
  readonly sourceName: string;
  readonly limiter: PQueue;
  /** Retries after the first attempt for 5xx/429/network; default 3. */
  readonly maxRetries?: number;
}

export class HydraClient {
  private readonly http: HttpClient;
  private token: string | null = null;
  private loginInFlight: Promise<string> | null = null;

  constructor(
    private readonly opts: HydraOptions,
    private readonly deps: HydraClientDeps,
  ) {
    this.http = new HttpClient(opts.origin, {
      timeoutMs: opts.timeoutMs,
      connections: Math.max(2, opts.rate.concurrency ?? 8),
    });
  }

  /**
   * One page (1-based) of customers ordered by id; null when Hydra answers 404 (the list endpoint
   * is INFERRED, and an install without it answers so — the caller decides what that means).
   */
  async customersPage(page: number, perPage: number, signal?: AbortSignal, priority = 0): Promise<HydraCustomer[] | null> {
    const body = await this.get(`/subjects/customers?page=${page}&per_page=${perPage}`, signal, priority);
    if (body === null) return null;
    const items = listIn(body, 'customers', this.where('/subjects/customers'));
    for (const c of items) {
      if (typeof c.n_subject_id !== 'number') throw this.shapeError('/subjects/customers', 'a customer without n_subject_id');
    }
    return items as HydraCustomer[];
  }

  /** One customer, or null when Hydra does not know the id. */
  async customer(id: string, signal?: AbortSignal): Promise<HydraCustomer | null> {
    const path = `/subjects/customers/${encodeURIComponent(id)}`;
    const body = await this.get(path, signal);
    if (body === null) return null;
    const customer = objectIn(body, 'customer');
    if (!customer || typeof customer.n_subject_id !== 'number') throw this.shapeError(path, 'no customer object');
    return customer as HydraCustomer;
  }

  accounts(customerId: number, perPage: number, signal?: AbortSignal): Promise<HydraAccount[]> {
    return this.listAll(`/subjects/customers/${customerId}/accounts`, 'accounts', perPage, signal);
  }

  async subscriptions(customerId: number, perPage: number, signal?: AbortSignal): Promise<HydraSubscription[]> {
    const path = `/subjects/customers/${customerId}/subscriptions`;
    const items = await this.listAll(path, 'subscriptions', perPage, signal);
    if (items.some((s) => typeof s.n_service_id !== 'number')) throw this.shapeError(path, 'a subscription without n_service_id');
    return items as HydraSubscription[];
  }

  subjectAddresses(subjectId: number, perPage: number, signal?: AbortSignal): Promise<HydraSubjectAddress[]> {
    return this.subjectAddressesOf([subjectId], perPage, signal);
  }

  /**
   * The addresses of several subjects in one paged list: the notes give the filter as an array
   * (`/subject_addresses?subject_id[]=…`). Rows carry `n_subject_id`; the caller checks that.
   */
  subjectAddressesOf(subjectIds: readonly number[], perPage: number, signal?: AbortSignal, priority = 0): Promise<HydraSubjectAddress[]> {
    const query = subjectIds.map((id) => `subject_id%5B%5D=${id}`).join('&');
    return this.listAll(`/subject_addresses?${query}`, 'subject_addresses', perPage, signal, priority);
  }

  /** The customer's equipment (set-top boxes, routers): `n_object_id`, `n_obj_state_id`, … */
  equipment(customerId: number, perPage: number, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.listAll(`/subjects/customers/${customerId}/equipment`, 'equipment', perPage, signal);
  }

  /** The entries (ports) of one piece of equipment. */
  entries(objectId: number, perPage: number, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.listAll(`/objects/net_devices/${objectId}/entries`, 'entries', perPage, signal);
  }

  /** The addresses (IP, MAC: `vc_code`, `n_addr_type_id`) of one entry. */
  entryAddresses(objectId: number, entryId: number, perPage: number, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return this.listAll(`/objects/net_devices/${objectId}/entries/${entryId}/addresses`, 'addresses', perPage, signal);
  }

  /**
   * Payments onto an account between two instants. INFERRED route: the notes document only the
   * account's `charges` with the same `d_begin`/`d_end` filter (K2); an install without it
   * answers 404 and the read fails, naming the option that turns payments off.
   */
  payments(accountId: number, from: Date, to: Date, perPage: number, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    const q = `d_begin=${encodeURIComponent(from.toISOString())}&d_end=${encodeURIComponent(to.toISOString())}`;
    return this.listAll(`/subjects/accounts/${accountId}/payments?${q}`, 'payments', perPage, signal);
  }

  /** A catalog service, or null when Hydra does not know it. */
  async catalogItem(serviceId: number, signal?: AbortSignal): Promise<HydraCatalogItem | null> {
    const body = await this.get(`/catalog/${serviceId}`, signal);
    return body === null ? null : (objectIn(body, 'catalog') ?? null);
  }

  /** Logs in (or reuses the current session): the first thing a compatibility check proves. */
  async ensureLogin(): Promise<void> {
    if (this.token === null) await this.login();
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  /**
   * All pages of a per-customer list. Ends on a page shorter than `perPage`, as the vendor's
   * clients do; a page identical to the previous one means the server ignores paging, and the
   * read fails instead of looping. `priority` as for `send`.
   */
  private async listAll(path: string, key: string, perPage: number, signal?: AbortSignal, priority = 0): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let previousFirst: string | undefined;
    for (let page = 1; ; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const body = await this.getOrFail(`${path}${sep}page=${page}&per_page=${perPage}`, signal, priority);
      const items = listIn(body, key, this.where(path));
      const first = items.length > 0 ? JSON.stringify(items[0]) : undefined;
      if (first !== undefined && first === previousFirst) throw this.shapeError(path, `page ${page} repeats page ${page - 1}`);
      previousFirst = first;
      out.push(...items);
      if (items.length < perPage) return out;
    }
  }

  private async getOrFail(path: string, signal?: AbortSignal, priority = 0): Promise<unknown> {
    const body = await this.get(path, signal, priority);
    if (body === null) {
      throw new SourceReadError(`${this.where(path)} answered 404`, { retryable: false, status: 404 });
    }
    return body;
  }

  /** GET with auth; the parsed JSON body, or null on 404. */
  private async get(path: string, signal?: AbortSignal, priority = 0): Promise<unknown> {
    let reloggedIn = false;
    for (;;) {
      if (this.token === null) await this.login();
      // The token is read when the request actually leaves the queue, not when it was queued:
      // requests queued behind a re-login then go out with the new token instead of failing.
      let sent = '';
      const auth = (): Record<string, string> => {
        sent = this.token ?? '';
        return { authorization: `Token token=${sent}` };
      };
      const res = await this.send('GET', path, { headers: auth, signal, priority });
      if (res.status === 401 || res.status === 403) {
        if (reloggedIn) {
          throw new SourceReadError(`${this.where(path)} answered ${res.status} even right after a fresh login as '${this.opts.login}'`, {
            retryable: false,
            status: res.status,
            fix: `give the Hydra operator of sources.${this.deps.sourceName}.login read access to customers and subscriptions`,
          });
        }
        reloggedIn = true;
        await this.relogin(sent);
        continue;
      }
      if (res.status === 404) return null;
      if (res.status < 200 || res.status >= 300) {
        throw new SourceReadError(`${this.where(path)} answered ${res.status}: ${snippet(res.body)}`, {
          retryable: false,
          status: res.status,
        });
      }
      return parseJson(res, this.where(path));
    }
  }

  /**
   * Logs in again after `rejected` was refused, unless another request already replaced that
   * token (then its replacement is used): many requests failing together cost one login.
   */
  private async relogin(rejected: string): Promise<void> {
    if (this.token !== null && this.token !== rejected) return;
    await this.login();
  }

  /** One login at a time: concurrent callers share it. Not tied to any read's abort signal. */
  private login(): Promise<string> {
    this.loginInFlight ??= this.doLogin().finally(() => {
      this.loginInFlight = null;
    });
    return this.loginInFlight;
  }

  private async doLogin(): Promise<string> {
    const body = JSON.stringify({ session: { login: this.opts.login, password: this.opts.password } });
    const res = await this.send('POST', '/login', { headers: () => ({ 'content-type': 'application/json' }), body, isLogin: true });
    if (res.status === 401 || res.status === 403) {
      throw new SourceReadError(
        `Hydra rejected the login for operator '${this.opts.login}'; check sources.${this.deps.sourceName}.login/password`,
        { retryable: false, status: res.status, fix: `set sources.${this.deps.sourceName}.login and password to a Hydra operator's credentials` },
      );
    }
    if (res.status < 200 || res.status >= 300) {
      throw new SourceReadError(`${this.where('/login', 'POST')} answered ${res.status}: ${snippet(res.body)}`, { retryable: false, status: res.status });
    }
    const session = objectIn(parseJson(res, this.where('/login', 'POST')), 'session');
    const token = session?.token;
    if (typeof token !== 'string' || token === '') throw this.shapeError('/login', 'no session.token', 'POST');
    this.token = token;
    return token;
  }

  /**
   * One request with retries for network errors, 5xx and 429; returns any other answer.
   * API calls go through the limiter and, once they get a slot, wait for a login in progress and
   * only then read their headers, so requests queued behind a re-login carry the new token.
   * The login itself bypasses the limiter: it must never wait behind the requests that need it
   * (that would deadlock), and one extra request per re-login is well within any rate.
   * A higher `priority` leaves the limiter's queue before the requests already waiting in it
   * (the read's next page, fetched while this page's customers are read).
   */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    opts: { headers: () => Record<string, string>; body?: string; signal?: AbortSignal; isLogin?: boolean; priority?: number },
  ): Promise<HttpResponse> {
    const fullPath = `${this.opts.basePath}${path}`;
    const request = (): Promise<HttpResponse> =>
      this.http.request({ method, path: fullPath, headers: { accept: 'application/json', ...opts.headers() }, body: opts.body });
    const limited = async (): Promise<HttpResponse> => {
      if (this.loginInFlight) await this.loginInFlight;
      return request();
    };
    return sendWithRetries(() => (opts.isLogin ? request() : this.deps.limiter.add(limited, { signal: opts.signal, priority: opts.priority ?? 0 })), {
      maxRetries: this.deps.maxRetries,
      retryBaseMs: this.opts.retryBaseMs,
      signal: opts.signal,
      transient: (res) => retryable(res.status),
      what: this.where(path, method),
      answered: (status) => `answered ${status}`,
      fix: `check that Hydra is reachable at sources.${this.deps.sourceName}.url and healthy, then run again`,
    });
  }

  /** `Hydra GET /rest/v2/subjects/customers` — the query is left out (it only holds paging). */
  private where(path: string, method = 'GET'): string {
    return `Hydra ${method} ${this.opts.basePath}${path.split('?')[0] ?? path}`;
  }

  private shapeError(path: string, what: string, method = 'GET'): SourceReadError {
    return new SourceReadError(`${this.where(path, method)}: unexpected answer (${what})`, {
      retryable: false,
      fix: `check that sources.${this.deps.sourceName}.url points at Hoper's REST v2 (…/rest/v2)`,
    });
  }
}

function retryable(status: number): boolean {
  return status >= 500 || status === 429;
}
