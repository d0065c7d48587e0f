/**
 * The Hydra source: pages through customers and, per page, reads each customer's accounts,
 * subscriptions and addresses with bounded concurrency, then normalises them into Subscribers.
 * One batch is yielded per page. Any failure fails the whole read (after aborting the page's
 * outstanding requests): a partial read must never look like subscribers leaving.
 */
import { setMaxListeners } from 'node:events';
import type PQueue from 'p-queue';
import { SourceReadError } from '../../model/errors.js';
import type { Subscriber } from '../../model/subscriber.js';
import type { ReadProgress, Source, SourceFactoryDeps } from '../source.js';
import { HydraClient } from './client.js';
import { activeServiceIds, normaliseCustomer } from './normalise.js';
import type { HydraOptions } from './options.js';
import { UNKNOWN_STATE_STATUS } from './status.js';
import type { HydraCustomer } from './types.js';

export class HydraSource implements Source {
  readonly type = 'hydra';
  /** Catalog names by service id, one call per distinct id for the life of the source. */
  private readonly catalogNames = new Map<number, Promise<string | undefined>>();
  private readonly warnedStates = new Set<string>();

  constructor(
    readonly name: string,
    private readonly opts: HydraOptions,
    private readonly deps: SourceFactoryDeps,
    private readonly limiter: PQueue,
    private readonly client: HydraClient = new HydraClient(opts, { sourceName: name, limiter }),
  ) {}

  async *read(opts: { onProgress?: (p: ReadProgress) => void } = {}): AsyncIterable<readonly Subscriber[]> {
    const controller = readController();
    // One "now" for the whole read, so every subscriber is judged at the same instant.
    const now = this.deps.now();
    const seen = new Set<number>();
    let largestPage = 0;
    let read = 0;
    try {
      for (let page = 1; ; page++) {
        const customers = await this.client.customersPage(page, this.opts.perPage, controller.signal);
        if (customers.length === 0) return;
        const fresh = customers.filter((c) => !seen.has(c.n_subject_id));
        if (fresh.length === 0) {
          throw new SourceReadError(`Hydra returned the same customers for page ${page} as before; the server seems to ignore paging`, {
            retryable: false,
          });
        }
        for (const c of fresh) seen.add(c.n_subject_id);
        const batch = await this.enrichAll(fresh, now, controller);
        read += batch.length;
        opts.onProgress?.({ read });
        yield batch;
        // A page shorter than an earlier one is the last. The first page alone proves nothing:
        // a server that caps per_page below what we asked would make it look short.
        if (customers.length < largestPage) return;
        largestPage = Math.max(largestPage, customers.length);
      }
    } finally {
      controller.abort(new Error('hydra read finished'));
    }
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

  private async enrichAll(customers: readonly HydraCustomer[], now: Date, controller: AbortController): Promise<Subscriber[]> {
    try {
      return await Promise.all(customers.map((c) => this.enrich(c, now, controller.signal)));
    } catch (err) {
      // Stop the rest of the page: queued requests are dropped, not sent.
      controller.abort(err);
      throw err;
    }
  }

  private async enrich(customer: HydraCustomer, now: Date, signal: AbortSignal): Promise<Subscriber> {
    const id = customer.n_subject_id;
    const perPage = this.opts.perPage;
    const [accounts, subscriptions, addresses] = await Promise.all([
      this.client.accounts(id, perPage, signal),
      this.client.subscriptions(id, perPage, signal),
      this.client.subjectAddresses(id, perPage, signal),
    ]);
    const serviceIds = activeServiceIds(subscriptions, now.getTime());
    const names = new Map(await Promise.all(serviceIds.map(async (sid) => [sid, await this.catalogName(sid)] as const)));
    return normaliseCustomer(
      { customer, accounts, subscriptions, addresses },
      {
        source: this.name,
        now,
        statusMap: this.opts.statusMap,
        serviceName: (sid) => names.get(sid),
        onUnknownState: (state) => this.warnUnknownState(state, id),
      },
    );
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

/** Every queued request of a page listens on the read's signal: thousands, by design. */
function readController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
