/**
 * The LANBilling source: for each configured agent, pages through its account entries
 * (`getVgroups`, judged against `Count`, archived entries kept out — see agent-read.ts), skips
 * templates, and per page reads each entry's user (`getAccount`, cached per uid for the read) and
 * services (`getUsboxServices`) with bounded concurrency; the service catalog is read once per
 * read when a service needs it for its external id. One Subscriber per entry, one batch per page.
 * With `devices`, each entry's bound MACs (`getVgroup` → `macstaff[]`, reusing the answer when
 * the read already asked for it); with `payments_days`, its agreement's recent payments
 * (`getPayments`), given to one entry per agreement (see EntryExtras).
 *
 * A failed call fails the whole read. A read whose pages do not add up (Count disagrees, a short
 * page in the middle, pages out of vgid order, a re-read that disagrees) does not fail: it ends
 * with `onCompleteness({complete: false, reason})` and a warning, so the subscribers it did read
 * are still created and updated while deletes and blocks from it are held back by the planner.
 */
import { setMaxListeners } from 'node:events';
import type PQueue from 'p-queue';
import { SourceReadError } from '../../model/errors.js';
import type { CheckResult } from '../../model/check.js';
import type { Subscriber } from '../../model/subscriber.js';
import type { ChangeSet, ReadCompleteness, ReadOptions, Source, SourceFactoryDeps } from '../source.js';
import { changedEntries } from './changes.js';
import { AgentRead } from './agent-read.js';
import { LanbillingApi } from './api.js';
import { checkLanbilling } from './check.js';
import { LanbillingClient } from './client.js';
import { EntryExtras } from './entry-extras.js';
import { isLiveVgroup, needsCatalog, normaliseVgroup } from './normalise.js';
import type { LanbillingOptions } from './options.js';
import { UNKNOWN_BLOCKED_STATUS } from './status.js';
import type { LbAccount, LbCatalogService, LbUsboxService, LbVgroup } from './types.js';
import { readAhead } from '../../util/read-ahead.js';

/** What one read shares: its instant, its signal, and the per-read caches. */
interface ReadContext {
  readonly now: Date;
  readonly signal: AbortSignal;
  readonly accounts: Map<number, Promise<LbAccount | null>>;
  /** Per agreement, the entry its payments go to (see EntryExtras.paymentsOwner). */
  readonly owners: Map<number, Promise<number>>;
  catalog: Promise<Map<number, LbCatalogService>> | null;
}


const NO_CATALOG: ReadonlyMap<number, LbCatalogService> = new Map();

/**
 * How long a point read may reuse the catalog of the last read or point read. The planner
 * confirms each delete or block with a point read right after a full read; re-reading the
 * catalog for each would triple their cost. A catalog edit within this minute at worst shows a
 * service as `lb:<id>` instead of its new external id: the mapping then skips that subscriber.
 */
const CATALOG_REUSE_MS = 60_000;

export class LanbillingSource implements Source {
  readonly type = 'lanbilling';
  private readonly api: LanbillingApi;
  private readonly extras: EntryExtras;
  private readonly warned = new Set<string>();
  private lastCatalog: { readonly at: number; readonly catalog: Map<number, LbCatalogService> } | null = null;
  /** Set once a read found that getVgroups answers archived entries for `flt.archive` 0. */
  private archiveFilterIgnored = false;

  constructor(
    readonly name: string,
    private readonly opts: LanbillingOptions,
    private readonly deps: SourceFactoryDeps,
    private readonly limiter: PQueue,
    private readonly client: LanbillingClient = new LanbillingClient(opts, { sourceName: name, limiter }),
  ) {
    this.api = new LanbillingApi(client);
    this.extras = new EntryExtras({
      api: this.api,
      opts,
      archiveFilterIgnored: () => this.archiveFilterIgnored,
      warnOnce: (key, fields, message) => this.warnOnce(key, fields, message),
    });
  }

  async *read(opts: ReadOptions = {}): AsyncIterable<readonly Subscriber[]> {
    const controller = readController();
    // One "now" for the whole read, so every entry is judged at the same instant.
    const ctx: ReadContext = { now: this.deps.now(), signal: controller.signal, accounts: new Map(), owners: new Map(), catalog: null };
    const yielded = new Set<number>();
    const proofs: string[] = [];
    const unproven: string[] = [];
    let read = 0;
    try {
      for (const agent of this.opts.agents) {
        const agentRead = new AgentRead(this.api, agent, {
          perPage: this.opts.perPage,
          signal: controller.signal,
          onNoCount: (a) => this.warnOnce('count', { agent: a }, 'LANBilling does not answer Count for getVgroups; reads cannot be proved complete, so deletes and blocks are held back'),
          onArchiveIgnored: (a) => {
            this.archiveFilterIgnored = true;
            this.warnOnce(`archive:${a}`, { agent: a }, 'LANBilling getVgroups does not honour flt.archive; each entry it lists is checked with getVgroup (one more request per entry)');
          },
        });
        // The next page is fetched while this one's entries are read (util/read-ahead.ts).
        for await (const page of readAhead(agentRead.entries())) {
          // An entry of another agent means the server ignored flt.agentid; it is read under its own.
          const live = page.filter((v) => isLiveVgroup(v) && (v.agentId === 0 || v.agentId === agent) && !yielded.has(v.vgid));
          if (live.length === 0) continue;
          for (const v of live) yielded.add(v.vgid);
          const batch = await this.enrichAll(live, ctx, controller);
          read += batch.length;
          opts.onProgress?.({ read });
          yield batch;
        }
        if (agentRead.unproven.length > 0) unproven.push(...agentRead.unproven);
        else proofs.push(agentRead.proof);
      }
      await this.keepCatalog(ctx);
      opts.onCompleteness?.(this.verdict(proofs, unproven));
    } finally {
      controller.abort(new Error('lanbilling read finished'));
    }
  }

  /**
   * One entry by id: `getVgroup` (its id is a required argument, so this costs the same at any
   * base size), then the user and services as in a full read. null for ids LANBilling does not
   * know, archived entries, templates and entries of other agents.
   */
  async readOne(id: string): Promise<Subscriber | null> {
    if (!/^\d+$/.test(id)) return null; // vgids are numeric; anything else is unknown.
    const controller = readController();
    try {
      const v = await this.api.vgroupFull(Number(id), controller.signal);
      if (!v) return null;
      if (v.archive === null) {
        // Unsure whether the entry still exists: fail rather than confirm a delete or revive a leaver.
        throw new SourceReadError(`LANBilling getVgroup ${id} did not say whether the entry is archived`, {
          retryable: false,
          fix: "check that the source's url points at LBcore's SOAP api3 of LANBilling 2.0 or later",
        });
      }
      if (!isLiveVgroup(v) || !this.opts.agents.includes(v.agentId)) return null;
      const now = this.deps.now();
      const recent = this.lastCatalog !== null && now.getTime() - this.lastCatalog.at < CATALOG_REUSE_MS ? this.lastCatalog.catalog : null;
      const ctx: ReadContext = { now, signal: controller.signal, accounts: new Map(), owners: new Map(), catalog: recent ? Promise.resolve(recent) : null };
      const [subscriber] = await this.enrichAll([v], ctx, controller);
      if (!recent) await this.keepCatalog(ctx);
      return subscriber ?? null;
    } finally {
      controller.abort(new Error('lanbilling readOne finished'));
    }
  }

  /** Entries whose services started, ended or were assigned since `since` (see changes.ts). */
  changedSince(since: Date, signal?: AbortSignal): Promise<ChangeSet> {
    return changedEntries(this.api, since, this.deps.now(), { pgsize: this.opts.perPage, utcOffsetMinutes: this.opts.utcOffsetMinutes, ...(signal ? { signal } : {}) });
  }

  /** Read-only checks of everything a read relies on (see check.ts). */
  check(signal?: AbortSignal): Promise<readonly CheckResult[]> {
    return checkLanbilling({ api: this.api, client: this.client, opts: this.opts, sourceName: this.name, signal });
  }

  async close(): Promise<void> {
    this.limiter.clear();
    await this.client.close();
  }

  /** The read's completeness from its agents; an unproven one is also logged as a warning. */
  private verdict(proofs: readonly string[], unproven: readonly string[]): ReadCompleteness {
    if (unproven.length === 0) return { complete: true, proof: proofs.join('; ') };
    const reason = unproven.join('; ');
    this.deps.logger.warn(
      { source: this.name, reason },
      `LANBilling read not proven complete (${reason}); its subscribers are created and updated, deletes and blocks from it are held back`,
    );
    return { complete: false, reason };
  }

  private async enrichAll(vgroups: readonly LbVgroup[], ctx: ReadContext, controller: AbortController): Promise<Subscriber[]> {
    try {
      return await Promise.all(vgroups.map((v) => this.enrich(v, ctx)));
    } catch (err) {
      // Stop the rest of the page: queued requests are dropped, not sent.
      controller.abort(err);
      throw err;
    }
  }

  private async enrich(v: LbVgroup, ctx: ReadContext): Promise<Subscriber> {
    const [account, services, devices] = await Promise.all([
      this.account(v, ctx),
      this.api.usboxServices(v.vgid, ctx.signal),
      this.opts.devices ? this.extras.devicesOf(v, ctx) : undefined,
    ]);
    const catalog = services.some(needsCatalog) ? await this.catalog(ctx) : NO_CATALOG;
    const payments = this.opts.paymentsDays === undefined ? undefined : await this.extras.paymentsOf(v, account, this.opts.paymentsDays, ctx);
    const sub = this.normalise(v, account, services, catalog, ctx);
    if (typeof devices === 'string') return { ...sub, skip: devices };
    if (devices === undefined && payments === undefined) return sub;
    return { ...sub, ...(devices ? { devices } : {}), ...(payments ? { payments } : {}) };
  }

  private normalise(v: LbVgroup, account: LbAccount | null, services: readonly LbUsboxService[], catalog: ReadonlyMap<number, LbCatalogService>, ctx: ReadContext): Subscriber {
    return normaliseVgroup(
      { vgroup: v, account, services },
      {
        source: this.name,
        now: ctx.now,
        utcOffsetMinutes: this.opts.utcOffsetMinutes,
        catalogService: (id) => catalog.get(id),
        onUnknownBlocked: (code) =>
          this.warnOnce(`blocked:${String(code)}`, { blocked: code, vgid: v.vgid, status: UNKNOWN_BLOCKED_STATUS }, `unknown LANBilling blocked code ${String(code)}; treating such entries as ${UNKNOWN_BLOCKED_STATUS}`),
        onUnknownServiceState: (state) =>
          this.warnOnce(`state:${String(state)}`, { state, vgid: v.vgid }, `unknown LANBilling service state ${String(state)}; counting such services as running`),
      },
    );
  }

  /** The entry's user, fetched once per read and uid. */
  private account(v: LbVgroup, ctx: ReadContext): Promise<LbAccount | null> {
    if (v.uid <= 0) return Promise.resolve(null);
    let account = ctx.accounts.get(v.uid);
    if (!account) {
      account = this.api.account(v.uid, ctx.signal).then((a) => {
        if (a === null) this.deps.logger.warn({ uid: v.uid, vgid: v.vgid }, 'LANBilling has no user for this account entry; it is read without name and contacts');
        return a;
      });
      ctx.accounts.set(v.uid, account);
    }
    return account;
  }

  /** Remembers the catalog a read fetched (if it needed one) for the point reads after it. */
  private async keepCatalog(ctx: ReadContext): Promise<void> {
    if (ctx.catalog) this.lastCatalog = { at: ctx.now.getTime(), catalog: await ctx.catalog };
  }

  /** The services catalog, read once per read on first need. */
  private catalog(ctx: ReadContext): Promise<Map<number, LbCatalogService>> {
    ctx.catalog ??= this.api.serviceCatalog(ctx.signal);
    return ctx.catalog;
  }

  private warnOnce(key: string, fields: Record<string, unknown>, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.deps.logger.warn(fields, message);
  }
}

/** Every queued request of a page listens on the read's signal: thousands, by design. */
function readController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
