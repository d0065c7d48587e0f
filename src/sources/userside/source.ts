/**
 * The UserSide source. Each read fetches the state and tariff catalogues, then the ids of every
 * customer (`customer/get_customers_id`, current and former), then the customers: in one
 * `module/get_user_list` when the install has it, else `customer/get_data` for batches of the
 * ids, a few batches in flight. In `auto` mode the first read finds out which the install has and
 * the source remembers it. Prospects (`is_potential`) are not subscribers and are left out in
 * both modes. Any failure fails the whole read; a read that finishes proves it is complete by
 * comparing the ids with the records (read-proof.ts says how) or says why it is not.
 *
 * Requests at 100,000 customers: list mode 5 (states, tariffs, 2× get_customers_id, the list;
 * plus get_data for any listed id the list left out); batched mode 6 + 100,000/batch_size
 * get_data (1,000 with the default 100). readOne: 3 (states, tariffs, the customer).
 */
import { setMaxListeners } from 'node:events';
import type PQueue from 'p-queue';
import type { CheckResult } from '../../model/check.js';
import { SourceReadError } from '../../model/errors.js';
import type { Subscriber } from '../../model/subscriber.js';
import type { ReadCompleteness, ReadOptions, Source, SourceFactoryDeps } from '../source.js';
import { UsersideApi, isRefusal, wantsBillingId } from './api.js';
import { readCards, type CardDeps } from './card-batches.js';
import { checkUserside } from './check.js';
import { UsersideClient } from './client.js';
import { normaliseCustomer, type NormaliseContext } from './normalise.js';
import type { UsersideOptions } from './options.js';
import { ReadProof } from './read-proof.js';
import type { UsCustomer, UsState, UsTariff } from './types.js';

/** Subscribers per yielded batch when the whole list arrives at once. */
const LIST_BATCH = 1000;

interface Catalogues {
  readonly states: ReadonlyMap<number, UsState>;
  readonly tariffs: ReadonlyMap<number, UsTariff>;
}

export class UsersideSource implements Source {
  readonly type = 'userside';
  private readonly api: UsersideApi;
  private readonly warned = new Set<string>();
  /** What `auto` found out: whether this install has module/get_user_list. */
  private hasList: boolean | null;

  constructor(
    readonly name: string,
    private readonly opts: UsersideOptions,
    private readonly deps: SourceFactoryDeps,
    private readonly limiter: PQueue,
    private readonly client: UsersideClient = new UsersideClient(opts, { sourceName: name, limiter }),
  ) {
    this.api = new UsersideApi(client, { billingId: opts.billingId });
    this.hasList = opts.bulk === 'auto' ? null : opts.bulk === 'list';
  }

  /** `list` or `batched` once known (configured, or found out by a read); null before. */
  get mode(): 'list' | 'batched' | null {
    return this.hasList === null ? null : this.hasList ? 'list' : 'batched';
  }

  async *read(opts: ReadOptions = {}): AsyncIterable<readonly Subscriber[]> {
    const controller = readController();
    const signal = controller.signal;
    let read = 0;
    const emit = (customers: readonly UsCustomer[], ctx: NormaliseContext): Subscriber[] => {
      const batch = customers.filter((c) => !c.potential).map((c) => normaliseCustomer(c, ctx));
      read += batch.length;
      if (batch.length > 0) opts.onProgress?.({ read });
      return batch;
    };
    try {
      const ctx = this.context(await this.catalogues(signal));
      // The ids come first: a customer created after them is a record they do not list
      // ("created since"). Taken after the records, one created in between would look like a
      // customer the list left out.
      const current = await this.api.customerIds(0, signal);
      const former = await this.api.customerIds(1, signal);
      const list = this.hasList === false ? null : await this.tryList(undefined, signal);
      let proof: ReadProof;
      if (list !== null) {
        proof = new ReadProof(union(current, former), 'list');
        for (const customers of chunks(byIdOnce(list), LIST_BATCH)) {
          proof.saw(customers);
          const batch = emit(customers, ctx);
          if (batch.length > 0) yield batch;
        }
        for await (const customers of readCards(this.cardDeps(), proof.unanswered(), proof, controller, true)) {
          const batch = emit(customers, ctx);
          if (batch.length > 0) yield batch;
        }
      } else {
        // Asked again after the former ones: a former customer reactivated between the two
        // calls is in neither answer, but in this one (terminations land in both; harmless).
        const again = await this.api.customerIds(0, signal);
        proof = new ReadProof(union(current, former, again), 'batched');
        for await (const customers of readCards(this.cardDeps(), proof.unanswered(), proof, controller, false)) {
          const batch = emit(customers, ctx);
          if (batch.length > 0) yield batch;
        }
      }
      opts.onCompleteness?.(proof.verdict(this.name) satisfies ReadCompleteness);
    } finally {
      controller.abort(new Error('userside read finished'));
    }
  }

  async check(signal?: AbortSignal): Promise<readonly CheckResult[]> {
    return checkUserside({ name: this.name, opts: this.opts, api: this.api, signal });
  }

  async readOne(id: string): Promise<Subscriber | null> {
    if (!/^\d{1,15}$/.test(id)) return null; // customer ids are numeric; anything else is unknown.
    const controller = readController();
    const signal = controller.signal;
    try {
      const catalogues = await this.catalogues(signal);
      const customerId = Number(id);
      const list = this.hasList === false ? null : await this.tryList(customerId, signal);
      const customer = list === null ? await this.api.customerData(customerId, signal) : list.find((c) => c.id === customerId) ?? null;
      if (!customer || customer.potential) return null;
      return normaliseCustomer(customer, this.context(catalogues));
    } finally {
      controller.abort(new Error('userside readOne finished'));
    }
  }

  async close(): Promise<void> {
    this.limiter.clear();
    await this.client.close();
  }

  /** States first: a wrong key then fails on the smallest call, with SOURCE_AUTH. */
  private async catalogues(signal: AbortSignal): Promise<Catalogues> {
    const states = await this.api.states(signal);
    const tariffs = await this.api.tariffs(signal);
    return { states, tariffs };
  }

  /**
   * The bulk list (of everyone, or of one customer), or null when this install does not have
   * it. Only an ERROR answer counts as "does not have it" (the key already passed); a failing
   * server fails the read rather than switch modes on a hiccup.
   */
  private async tryList(customerId: number | undefined, signal: AbortSignal): Promise<UsCustomer[] | null> {
    try {
      const list = await this.api.userList(customerId, signal);
      this.hasList = true;
      return list;
    } catch (err) {
      if (!isRefusal(err)) throw err;
      const wantsBilling = wantsBillingId(err) && this.opts.billingId === undefined;
      const fix = `set sources.${this.name}.billing_id to the id of the billing whose customers to read (customer/get_data shows it as billing_id)`;
      if (this.opts.bulk === 'list') {
        throw new SourceReadError(
          wantsBilling
            ? `UserSide module/get_user_list wants billing_id (${err.message}), and sources.${this.name}.bulk is 'list'`
            : `UserSide has no module/get_user_list (${err.message}), and sources.${this.name}.bulk is 'list'`,
          { retryable: false, fix: wantsBilling ? fix : `set sources.${this.name}.bulk to 'batched' (or leave it out: auto) for this UserSide version` },
        );
      }
      if (wantsBilling) this.warnOnce('list-billing', { answer: err.errorText }, `UserSide's module/get_user_list wants billing_id; reading customers in batches of get_data instead (${fix} to read them in one request)`);
      else if (this.hasList === null) this.deps.logger.info({ answer: err.errorText }, 'UserSide has no module/get_user_list; reading customers in batches of get_data');
      this.hasList = false;
      return null;
    }
  }

  private cardDeps(): CardDeps {
    return { api: this.api, sourceName: this.name, batchSize: this.opts.batchSize, concurrency: this.opts.rate.concurrency ?? 4, warnOnce: (k, f, m) => this.warnOnce(k, f, m) };
  }

  private context(c: Catalogues): NormaliseContext {
    return {
      source: this.name,
      statusMap: this.opts.statusMap,
      states: c.states,
      tariffs: c.tariffs,
      utcOffsetMinutes: this.opts.utcOffsetMinutes,
      statusMapPath: `sources.${this.name}.status_map`,
      devices: this.opts.devices,
      onSkippedState: (stateId, reason) => this.warnOnce(`state:${String(stateId)}`, { stateId }, `${reason}; its subscribers are skipped (targets keep what they have)`),
      onUnknownTariff: (tariffId) => this.warnOnce(`tariff:${tariffId}`, { tariffId }, 'UserSide customers have a tariff the catalogue does not list; it is read without a name'),
    };
  }

  private warnOnce(key: string, fields: Record<string, unknown>, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.deps.logger.warn(fields, message);
  }
}

/** The distinct ids of several lists, ascending. */
function union(...lists: readonly (readonly number[])[]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/** Customers in id order, each once (an array answer has the server's order). */
function byIdOnce(list: readonly UsCustomer[]): UsCustomer[] {
  const seen = new Map<number, UsCustomer>();
  for (const c of list) if (!seen.has(c.id)) seen.set(c.id, c);
  return [...seen.values()].sort((a, b) => a.id - b.id);
}

function* chunks<T>(items: readonly T[], size: number): Iterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Every queued request of a read listens on its signal: many, by design. */
function readController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
