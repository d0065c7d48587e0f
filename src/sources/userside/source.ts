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
import { UsersideApi, isNotFound, isRefusal } from './api.js';
import { checkUserside } from './check.js';
import { UsersideClient, type UsersideApiError } from './client.js';
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
      // The ids come first: a customer created after them shows up as "created since"; one
      // created between the records and the ids would look like a record the list left out.
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
        for await (const customers of this.batches(proof.unanswered(), proof, signal, controller, true)) {
          const batch = emit(customers, ctx);
          if (batch.length > 0) yield batch;
        }
      } else {
        // Asked again after the former ones: a former customer reactivated between the two
        // calls is in neither answer, but in this one (terminations land in both; harmless).
        const again = await this.api.customerIds(0, signal);
        proof = new ReadProof(union(current, former, again), 'batched');
        for await (const customers of this.batches(proof.unanswered(), proof, signal, controller, false)) {
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

  /**
   * The cards of `ids` in batches of `batch_size`, in id order, a few batches in flight (the
   * limiter bounds the requests). Ids a batch did not answer are asked one by one: an install
   * whose get_data takes one id only then still reads everyone. What each id came to is told to
   * `proof`: a card, "not found" (deleted meanwhile), or an OK answer without it; `leftOut`
   * marks ids the bulk list should have held.
   */
  private async *batches(ids: readonly number[], proof: ReadProof, signal: AbortSignal, controller: AbortController, leftOut: boolean): AsyncIterable<UsCustomer[]> {
    const size = this.opts.batchSize;
    const groups: number[][] = [];
    for (let i = 0; i < ids.length; i += size) groups.push(ids.slice(i, i + size));
    const ahead = Math.max(2, (this.opts.rate.concurrency ?? 4) * 2);
    const pending: Promise<UsCustomer[]>[] = [];
    const start = (group: number[]): void => {
      const p = this.batch(group, proof, signal, leftOut);
      // Failures surface when the batch's turn comes; until then they must not go unhandled.
      p.catch(() => undefined);
      pending.push(p);
    };
    let next = 0;
    try {
      while (next < groups.length && pending.length < ahead) start(groups[next++]!);
      while (pending.length > 0) {
        const customers = await pending.shift()!;
        if (next < groups.length) start(groups[next++]!);
        yield customers;
      }
    } catch (err) {
      // Stop the other batches: queued requests are dropped, not sent.
      controller.abort(err);
      throw err;
    }
  }

  private async batch(ids: readonly number[], proof: ReadProof, signal: AbortSignal, leftOut: boolean): Promise<UsCustomer[]> {
    const asked = new Set(ids);
    const got = new Map<number, UsCustomer>();
    // One id goes straight to the single ask below, which tells "not found" from "left out".
    if (ids.length > 1) for (const c of await this.batchCards(ids, signal)) if (asked.has(c.id)) got.set(c.id, c);
    const missing = ids.filter((id) => !got.has(id));
    if (missing.length > 0 && ids.length > 1) {
      this.warnOnce('short-batch', { asked: ids.length, answered: got.size }, `UserSide get_data answered fewer customers than asked; fetching the rest one by one (set sources.${this.name}.batch_size: 1 if this install takes one id per call)`);
    }
    const singles = await Promise.all(missing.map(async (id) => [id, await this.api.customerCard(id, signal)] as const));
    for (const [id, r] of singles) {
      if (r.card) got.set(id, r.card);
      else if (r.why === 'not_found') proof.gone(id);
      else proof.missing(id);
    }
    const cards = ids.map((id) => got.get(id)).filter((c): c is UsCustomer => c !== undefined);
    proof.saw(cards);
    if (leftOut) for (const c of cards) proof.leftOutOfList(c.id);
    return cards;
  }

  /**
   * The cards one get_data call answers for several `ids`. A "not found" ERROR is no failure: the
   * id a one-id install kept was deleted since get_customers_id, so the batch has answered none
   * of them and batch() asks the rest one by one.
   */
  private async batchCards(ids: readonly number[], signal: AbortSignal): Promise<UsCustomer[]> {
    try {
      return await this.api.customersData(ids, signal);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }

  private context(c: Catalogues): NormaliseContext {
    return {
      source: this.name,
      statusMap: this.opts.statusMap,
      states: c.states,
      tariffs: c.tariffs,
      utcOffsetMinutes: this.opts.utcOffsetMinutes,
      statusMapPath: `sources.${this.name}.status_map`,
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

/** An ERROR answer asking for billing_id (the wording is unknown; it names the parameter). */
export function wantsBillingId(err: UsersideApiError): boolean {
  return /billing_id/i.test(err.errorText);
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
