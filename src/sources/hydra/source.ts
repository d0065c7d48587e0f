/**
 * The Hydra source: finds its customers (pages of the list endpoint, or the ids an operator
 * gives — see enumeration.ts), reads each one's accounts, subscriptions and addresses with
 * bounded concurrency and normalises them into Subscribers, one batch per page of customers.
 * Any failure fails the whole read (after aborting the page's outstanding requests); a read that
 * finishes reports whether it is proven complete (paged-customers.ts says how), and only a
 * proven read lets a plan remove anything (DESIGN rule 5).
 *
 * Requests: a paged read costs 2 per customer (accounts, subscriptions; the customer itself
 * comes with its page) plus, per page of customers, one `subject_addresses` request per
 * ADDRESS_BATCH customers (the endpoint filters by an array of subject ids), 2 list requests per
 * page, and one catalog lookup per distinct service for the life of the source; a customer_ids
 * read costs one more per customer (GET customer first). readOne costs 4 (+ uncached catalog
 * names) whatever the size of the billing. Neither accounts nor subscriptions can be asked for
 * in bulk (the notes document them per customer only), so 2 per customer is the floor.
 */
import { setMaxListeners } from 'node:events';
import type PQueue from 'p-queue';
import { SourceReadError } from '../../model/errors.js';
import type { CheckResult } from '../../model/check.js';
import type { Subscriber } from '../../model/subscriber.js';
import type { ReadCompleteness, ReadOptions, Source, SourceFactoryDeps } from '../source.js';
import { checkHydra } from './check.js';
import { HydraClient } from './client.js';
import { loadCustomerIds } from './customer-ids.js';
import { EVENT_ONLY_REASON, describeIdList, type CustomerIdList } from './enumeration.js';
import { equipmentMacs, recentPayments } from './devices-payments.js';
import { activeServiceIds, normaliseCustomer } from './normalise.js';
import type { HydraOptions } from './options.js';
import { pagedCustomers } from './paged-customers.js';
import { UNKNOWN_STATE_STATUS } from './status.js';
import type { HydraCustomer, HydraSubjectAddress } from './types.js';

/** Counts subscribers yielded and customers found gone mid-read, and reports progress. */
/**
 * Customers whose addresses one `subject_addresses` request asks for: ~25 URL bytes per id keeps
 * the request line near 2.5 kB, well under the 8 kB most servers and proxies accept.
 */
export const ADDRESS_BATCH = 100;
/** Limiter priority of the requests that fetch the next page ahead of the current page's. */
const READ_AHEAD_PRIORITY = 1;

interface Tally {
  read: number;
  gone: number;
  readonly onProgress?: ReadOptions['onProgress'];
}

export class HydraSource implements Source {
  readonly type = 'hydra';
  /** Catalog names by service id, one call per distinct id for the life of the source. */
  private readonly catalogNames = new Map<number, Promise<string | undefined>>();
  private readonly warnedStates = new Set<string>();
  private warnedUnattributed = false;
  /** Set when the list endpoint answered 404 and reads went to `customer_ids` instead. */
  private listMissing = false;

  constructor(
    readonly name: string,
    private readonly opts: HydraOptions,
    private readonly deps: SourceFactoryDeps,
    private readonly limiter: PQueue,
    private readonly client: HydraClient = new HydraClient(opts, { sourceName: name, limiter }),
  ) {}

  async *read(opts: ReadOptions = {}): AsyncIterable<readonly Subscriber[]> {
    const e = this.opts.enumeration;
    if (e.kind === 'event_only') {
      opts.onCompleteness?.({ complete: false, reason: EVENT_ONLY_REASON });
      return;
    }
    const controller = readController();
    // One "now" for the whole read, so every subscriber is judged at the same instant.
    const now = this.deps.now();
    const tally: Tally = { read: 0, gone: 0, onProgress: opts.onProgress };
    try {
      let completeness: ReadCompleteness | 'missing';
      const ids = e.kind === 'customer_ids' ? e.ids : this.listMissing ? e.fallback : undefined;
      if (ids) completeness = yield* this.readListed(ids, now, controller, tally);
      else {
        completeness = yield* this.readPaged(now, controller, tally);
        if (completeness === 'missing') {
          if (e.kind !== 'list' || !e.fallback) throw this.listMissingError();
          this.listMissing = true;
          this.deps.logger.info({ from: describeIdList(e.fallback) }, 'Hydra has no GET /subjects/customers (404); reading the customers listed in customer_ids');
          completeness = yield* this.readListed(e.fallback, now, controller, tally);
        }
      }
      opts.onCompleteness?.(completeness);
    } finally {
      controller.abort(new Error('hydra read finished'));
    }
  }

  async check(signal?: AbortSignal): Promise<readonly CheckResult[]> {
    return checkHydra({ name: this.name, opts: this.opts, client: this.client, signal });
  }

  async readOne(id: string): Promise<Subscriber | null> {
    if (!/^\d+$/.test(id)) return null; // Hydra subject ids are numeric; anything else is unknown.
    const controller = readController();
    try {
      const customer = await this.client.customer(id, controller.signal);
      if (customer === null) return null;
      const [subscriber] = await this.enrichAll([customer], this.deps.now(), controller);
      return subscriber ?? null;
    } finally {
      controller.abort(new Error('hydra readOne finished'));
    }
  }

  async close(): Promise<void> {
    this.limiter.clear();
    await this.client.close();
  }

  /**
   * Pages the list endpoint. 'missing' when its first page answered 404 (nothing was yielded
   * then); a 404 on a later page fails the read.
   */
  private async *readPaged(now: Date, controller: AbortController, tally: Tally): AsyncGenerator<Subscriber[], ReadCompleteness | 'missing'> {
    let missing = false;
    const pages = pagedCustomers(async (page) => {
      const customers = await this.client.customersPage(page, this.opts.perPage, controller.signal, READ_AHEAD_PRIORITY);
      if (customers !== null) return customers;
      if (page > 1) {
        throw new SourceReadError(`Hydra GET ${this.opts.basePath}/subjects/customers answered 404 for page ${page} after answering page 1`, { retryable: true, status: 404 });
      }
      missing = true;
      return [];
    }, this.opts.perPage);
    // The next page (and its addresses) is fetched while this page's customers are read, ahead
    // of their queued requests: the billing's rate allowance is not left idle at every page
    // boundary (a read otherwise uses ~85 % of it). One page ahead at most: memory stays a page.
    const ahead = async (): Promise<IteratorResult<HydraCustomer[], ReadCompleteness> & { addresses?: Map<number, HydraSubjectAddress[]> }> => {
      const next = await pages.next();
      return next.done ? next : { ...next, addresses: await this.addressesOf(next.value, controller, READ_AHEAD_PRIORITY) };
    };
    // A look-ahead that fails while this page is being read is awaited (and thrown) in turn; the
    // no-op handler only keeps Node from calling its rejection unhandled in the meantime, and a
    // read that stops early aborts its requests through the read's controller.
    const fetchAhead = () => {
      const p = ahead();
      p.catch(() => undefined);
      return p;
    };
    let pending = fetchAhead();
    for (;;) {
      const next = await pending;
      if (next.done) return missing ? 'missing' : withGone(next.value, tally.gone);
      pending = fetchAhead();
      const batch = await this.enrichAll(next.value, now, controller, tally, next.addresses);
      if (batch.length > 0) yield batch;
    }
  }

  /**
   * Reads the ids `list` gives, one `GET /subjects/customers/{id}` each. Complete when every id
   * was read or answered 404 (removed since the list was made: dropped, counted in the proof).
   */
  private async *readListed(list: CustomerIdList, now: Date, controller: AbortController, tally: Tally): AsyncGenerator<Subscriber[], ReadCompleteness> {
    const { ids, from } = await loadCustomerIds(list, this.name, controller.signal);
    if (ids.length === 0) return { complete: false, reason: `${from} listed no customer ids; an empty list cannot be told from a broken one` };
    for (let i = 0; i < ids.length; i += this.opts.perPage) {
      const found = await this.settle(ids.slice(i, i + this.opts.perPage).map((id) => this.client.customer(String(id), controller.signal)), controller);
      const customers = found.filter((c): c is HydraCustomer => c !== null);
      tally.gone += found.length - customers.length;
      const batch = await this.enrichAll(customers, now, controller, tally);
      if (batch.length > 0) yield batch;
    }
    if (tally.read === 0) {
      return { complete: false, reason: `none of the ${fmt(ids.length)} ids from ${from} is a customer this Hydra knows (each answered 404): is the list from this Hydra?` };
    }
    return withGone({ complete: true, proof: `${fmt(ids.length)} ids from ${from} (taken as everyone), every one read` }, tally.gone);
  }

  private async enrichAll(customers: readonly HydraCustomer[], now: Date, controller: AbortController, tally?: Tally, known?: Map<number, HydraSubjectAddress[]>): Promise<Subscriber[]> {
    const addresses = known ?? (await this.addressesOf(customers, controller));
    const out = await this.settle(customers.map((c) => this.enrichOrGone(c, now, controller.signal, addresses.get(c.n_subject_id))), controller);
    const batch = out.filter((s): s is Subscriber => s !== null);
    if (tally) {
      tally.gone += out.length - batch.length;
      tally.read += batch.length;
      if (batch.length > 0) tally.onProgress?.({ read: tally.read });
    }
    return batch;
  }

  /** All of `work`, or the first failure — after stopping the rest: queued requests are dropped, not sent. */
  private async settle<T>(work: readonly Promise<T>[], controller: AbortController): Promise<T[]> {
    try {
      return await Promise.all(work);
    } catch (err) {
      controller.abort(err);
      throw err;
    }
  }

  /**
   * The customer as a Subscriber, or null when they left Hydra while being read. A 404 from one
   * of their lists means that only if the customer itself now answers 404 too; otherwise it is
   * an endpoint this Hydra lacks, and the read fails (never "everyone left").
   */
  private async enrichOrGone(customer: HydraCustomer, now: Date, signal: AbortSignal, addresses?: readonly HydraSubjectAddress[]): Promise<Subscriber | null> {
    try {
      return await this.enrich(customer, now, signal, addresses);
    } catch (err) {
      if (!(err instanceof SourceReadError) || err.status !== 404) throw err;
      if ((await this.client.customer(String(customer.n_subject_id), signal)) === null) return null;
      throw err;
    }
  }

  private listMissingError(): SourceReadError {
    const at = `sources.${this.name}`;
    return new SourceReadError(`Hydra GET ${this.opts.basePath}/subjects/customers answered 404: this Hydra has no customer list to page through`, {
      retryable: false,
      status: 404,
      fix: `set ${at}.customer_ids to { file: /path/ids.txt } or { command: [program, arg] } (one customer id per line, e.g. from SI_V_USERS), or set ${at}.enumeration: event_only to sync from triggers only`,
    });
  }

  /**
   * The addresses of a page of customers, ADDRESS_BATCH customers a request, by subject id. A
   * batch whose rows do not each name one of the asked subjects (`n_subject_id`) cannot be told
   * apart safely: its customers are then asked for one by one (absent from the map), as before.
   */
  private async addressesOf(customers: readonly HydraCustomer[], controller: AbortController, priority = 0): Promise<Map<number, HydraSubjectAddress[]>> {
    const out = new Map<number, HydraSubjectAddress[]>();
    if (customers.length < 2) return out;
    const batches: number[][] = [];
    for (let i = 0; i < customers.length; i += ADDRESS_BATCH) batches.push(customers.slice(i, i + ADDRESS_BATCH).map((c) => c.n_subject_id));
    const rows = await this.settle(batches.map((ids) => this.client.subjectAddressesOf(ids, this.opts.perPage, controller.signal, priority)), controller);
    batches.forEach((ids, b) => {
      const asked = new Set(ids);
      const found = rows[b]!;
      if (!found.every((r) => typeof r.n_subject_id === 'number' && asked.has(r.n_subject_id))) {
        this.warnUnattributed();
        return;
      }
      for (const id of ids) out.set(id, []);
      for (const r of found) out.get(r.n_subject_id as number)!.push(r);
    });
    return out;
  }

  private warnUnattributed(): void {
    if (this.warnedUnattributed) return;
    this.warnedUnattributed = true;
    this.deps.logger.warn('Hydra GET /subject_addresses with several subject_id[] returned rows without a matching n_subject_id; reading addresses one customer at a time (one more request per customer)');
  }

  private async enrich(customer: HydraCustomer, now: Date, signal: AbortSignal, prefetched?: readonly HydraSubjectAddress[]): Promise<Subscriber> {
    const id = customer.n_subject_id;
    const perPage = this.opts.perPage;
    const [accounts, subscriptions, addresses] = await Promise.all([
      this.client.accounts(id, perPage, signal),
      this.client.subscriptions(id, perPage, signal),
      prefetched ?? this.client.subjectAddresses(id, perPage, signal),
    ]);
    const serviceIds = activeServiceIds(subscriptions, now.getTime());
    const names = new Map(await Promise.all(serviceIds.map(async (sid) => [sid, await this.catalogName(sid)] as const)));
    const devices = this.opts.devices ? await equipmentMacs(this.client, id, perPage, signal) : undefined;
    const days = this.opts.paymentsDays;
    const payments = days === undefined ? undefined : await recentPayments(this.client, accounts, days, now, perPage, signal);
    const sub = normaliseCustomer(
      { customer, accounts, subscriptions, addresses },
      {
        source: this.name,
        now,
        statusMap: this.opts.statusMap,
        serviceName: (sid) => names.get(sid),
        onUnknownState: (state) => this.warnUnknownState(state, id),
      },
    );
    return devices === undefined && payments === undefined ? sub : { ...sub, ...(devices ? { devices } : {}), ...(payments ? { payments } : {}) };
  }

  /** Not tied to a read's abort signal: the cached lookup may be shared with other reads. */
  private catalogName(serviceId: number): Promise<string | undefined> {
    let name = this.catalogNames.get(serviceId);
    if (!name) {
      name = this.client.catalogItem(serviceId).then((item) => {
        const vc = item?.vc_name;
        if (typeof vc === 'string' && vc.trim() !== '') return vc.trim();
        this.deps.logger.warn({ serviceId }, 'Hydra catalog has no name for this service; its subscribers get the service without a name');
        return undefined;
      });
      // A failed lookup must not poison later reads.
      name.catch(() => this.catalogNames.delete(serviceId));
      this.catalogNames.set(serviceId, name);
    }
    return name;
  }

  private warnUnknownState(state: unknown, customerId: number): void {
    const key = String(state);
    if (this.warnedStates.has(key)) return;
    this.warnedStates.add(key);
    this.deps.logger.warn(
      { state, customerId, status: UNKNOWN_STATE_STATUS },
      `unknown Hydra n_subj_state_id ${key}; treating such subscribers as ${UNKNOWN_STATE_STATUS} (map it in sources.${this.name}.status_map)`,
    );
  }
}

/** Adds the customers that left Hydra mid-read to a proof (they are gone: nothing is missing). */
function withGone(c: ReadCompleteness, gone: number): ReadCompleteness {
  if (!c.complete || gone === 0) return c;
  return { complete: true, proof: `${c.proof}; ${fmt(gone)} customer(s) left Hydra while being read (404) and were dropped` };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Every queued request of a page listens on the read's signal: thousands, by design. */
function readController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
