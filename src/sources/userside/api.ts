/**
 * The api.php reads the source makes, typed, with the decoding of what comes back. An answer
 * that does not decode fails the read; it never reads as "empty".
 */
import { SourceReadError } from '../../model/errors.js';
import { UsersideApiError, type UsersideClient } from './client.js';
import { customerEntries, decodeCustomer, decodeState, decodeTariff } from './decode-customer.js';
import { entriesOf, intOf } from './decode.js';
import type { UsCustomer, UsState, UsTariff } from './types.js';

/** What single-id get_data said: the card, "not found" (the customer is gone), or OK without it. */
export type CardLookup = { readonly card: UsCustomer } | { readonly card: null; readonly why: 'not_found' | 'absent' };

/**
 * `billing_id` scopes the customer reads to one billing (UserSide may import several); some
 * versions' get_user_list demand it (the PHP wrapper treats it as required).
 */
export interface CustomerScope {
  readonly billingId?: number;
}

export class UsersideApi {
  constructor(
    private readonly client: UsersideClient,
    private readonly scope: CustomerScope = {},
  ) {}

  /** The status configurator's states by id (`module/get_user_state_list`). */
  async states(signal?: AbortSignal): Promise<Map<number, UsState>> {
    const data = await this.client.call('module', 'get_user_state_list', {}, signal);
    return byId(decodeAll(data, decodeState, 'module/get_user_state_list', 'a state without id'));
  }

  /**
   * The tariff catalogue by id: `cat=tariff&action=get` (3.12.2+), or the older
   * `module/get_tariff_list` when the install does not know the first.
   */
  async tariffs(signal?: AbortSignal): Promise<Map<number, UsTariff>> {
    return (await this.tariffCatalogue(signal)).tariffs;
  }

  /** The tariff catalogue and the request that answered it (`tariff/get` or the older one). */
  async tariffCatalogue(signal?: AbortSignal): Promise<{ request: string; tariffs: Map<number, UsTariff> }> {
    let data: unknown;
    let request = 'tariff/get';
    try {
      data = await this.client.call('tariff', 'get', {}, signal);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      request = 'module/get_tariff_list';
      data = await this.client.call('module', 'get_tariff_list', {}, signal);
    }
    return { request, tariffs: byId(decodeAll(data, decodeTariff, request, 'a tariff without id')) };
  }

  /**
   * Every customer but deleted ones (`module/get_user_list`), or only `customerId`. Prospects
   * are asked for too (the caller leaves them out), so the list holds every id get_customers_id
   * lists and the two can be compared. Throws UsersideApiError when the install answers ERROR
   * (older ones lack the request; some want billing_id).
   */
  async userList(customerId?: number, signal?: AbortSignal): Promise<UsCustomer[]> {
    const params: Record<string, string | number> = { is_with_potential: 1 };
    if (this.scope.billingId !== undefined) {
      params.billing_id = this.scope.billingId;
      // Key the answer by UserSide's customer id, not the billing's (the wrapper sends both).
      params.is_id_billing_user_id = 0;
    }
    if (customerId !== undefined) params.customer_id = customerId;
    const data = await this.client.call('module', 'get_user_list', params, signal);
    return decodeCustomers(data, 'module/get_user_list');
  }

  /**
   * Ids of the current (`isEx` 0) or former (1) customers (`customer/get_customers_id`, which
   * wants at least one condition; the two together are everyone). Ascending.
   */
  async customerIds(isEx: 0 | 1, signal?: AbortSignal, limit?: number): Promise<number[]> {
    const params: Record<string, number> = { is_ex: isEx };
    if (this.scope.billingId !== undefined) params.billing_id = this.scope.billingId;
    if (limit !== undefined) params.limit = limit;
    const data = await this.client.call('customer', 'get_customers_id', params, signal);
    // Some versions answer a comma string (as task/get_list does).
    const items = typeof data === 'string' ? data.split(',').filter((s) => s.trim() !== '') : entriesOf(data)?.map(([, v]) => v);
    if (!items) throw shapeError('customer/get_customers_id', 'data is not a list of ids');
    const ids = items.map(intOf);
    if (ids.some((id) => id === null || id <= 0)) throw shapeError('customer/get_customers_id', 'an id that is not a number');
    return [...new Set(ids as number[])].sort((a, b) => a - b);
  }

  /** Cards of several customers (`customer/get_data&customer_id=1,2,3`); unknown ids are absent. */
  async customersData(ids: readonly number[], signal?: AbortSignal): Promise<UsCustomer[]> {
    const data = await this.client.call('customer', 'get_data', { customer_id: ids.join(',') }, signal);
    return decodeCustomers(data, 'customer/get_data');
  }

  /** One customer's card, or null when UserSide does not know the id. */
  async customerData(id: number, signal?: AbortSignal): Promise<UsCustomer | null> {
    return (await this.customerCard(id, signal)).card;
  }

  /** One customer's card, or why there is none: "not found" (deleted), or an OK answer without it. */
  async customerCard(id: number, signal?: AbortSignal): Promise<CardLookup> {
    let data: unknown;
    try {
      data = await this.client.call('customer', 'get_data', { customer_id: id }, signal);
    } catch (err) {
      if (isNotFound(err)) return { card: null, why: 'not_found' };
      throw err;
    }
    const card = decodeCustomers(data, 'customer/get_data').find((c) => c.id === id);
    return card ? { card } : { card: null, why: 'absent' };
  }
}

/** An ERROR answer saying the customer asked for does not exist (a single-id get_data). */
export function isNotFound(err: unknown): err is UsersideApiError {
  return err instanceof UsersideApiError && (err.httpStatus === 404 || /not found|не найден|нет такого/i.test(err.errorText));
}

/** An ERROR answer asking for billing_id (its wording is unknown; it names the parameter). */
export function wantsBillingId(err: UsersideApiError): boolean {
  return /billing_id/i.test(err.errorText);
}

/** An ERROR answer to a request the install does not have (not a server failure). */
export function isRefusal(err: unknown): err is UsersideApiError {
  return err instanceof UsersideApiError && (err.httpStatus < 500 || err.httpStatus === 501);
}

function decodeCustomers(data: unknown, request: string): UsCustomer[] {
  const entries = customerEntries(data);
  if (!entries) throw shapeError(request, 'data is not a customer or a collection of them');
  return entries.map(([key, raw]) => {
    const c = decodeCustomer(raw, key);
    if (!c) throw shapeError(request, 'a customer without id');
    return c;
  });
}

function decodeAll<T>(data: unknown, decode: (raw: unknown, key?: string) => T | null, request: string, what: string): T[] {
  const entries = entriesOf(data);
  if (!entries) throw shapeError(request, 'data is not a collection');
  return entries.map(([key, raw]) => {
    const v = decode(raw, key);
    if (v === null) throw shapeError(request, what);
    return v;
  });
}

function byId<T extends { id: number }>(items: readonly T[]): Map<number, T> {
  return new Map(items.map((i) => [i.id, i]));
}

function shapeError(request: string, what: string): SourceReadError {
  return new SourceReadError(`UserSide ${request}: unexpected answer (${what})`, {
    retryable: false,
    fix: "check that the source's url points at UserSide's api.php",
  });
}
