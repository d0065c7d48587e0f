/**
 * The LANBilling source: for each configured agent, pages through its account entries
 * (`getVgroups`, checked against `Count`), skips templates and archived entries, and per page
 * reads each entry's user (`getAccount`, cached per uid for the read) and services
 * (`getUsboxServices`) with bounded concurrency; the service catalog is read once per read when
 * a service needs it for its external id. One Subscriber per entry, one batch per page. Any
 * failure fails the whole read: a partial read must never look like subscribers leaving.
 */
import { setMaxListeners } from 'node:events';
import type PQueue from 'p-queue';
import { SourceReadError } from '../../model/errors.js';
import type { Subscriber } from '../../model/subscriber.js';
import type { ReadProgress, Source, SourceFactoryDeps } from '../source.js';
import { LanbillingApi } from './api.js';
import { LanbillingClient } from './client.js';
import { isLiveVgroup, needsCatalog, normaliseVgroup } from './normalise.js';
import type { LanbillingOptions } from './options.js';
import { UNKNOWN_BLOCKED_STATUS } from './status.js';
import type { LbAccount, LbCatalogService, LbVgroup } from './types.js';

/** What one read shares: its instant, its signal, and the per-read caches. */
interface ReadContext {
  readonly now: Date;
  readonly signal: AbortSignal;
  readonly accounts: Map<number, Promise<LbAccount | null>>;
  catalog: Promise<Map<number, LbCatalogService>> | null;
}

const NO_CATALOG: ReadonlyMap<number, LbCatalogService> = new Map();

export class LanbillingSource implements Source {
  readonly type = 'lanbilling';
  private readonly api: LanbillingApi;
  private readonly warned = new Set<string>();

  constructor(
    readonly name: string,
    private readonly opts: LanbillingOptions,
    private readonly deps: SourceFactoryDeps,
    private readonly limiter: PQueue,
    private readonly client: LanbillingClient = new LanbillingClient(opts, { sourceName: name, limiter }),
  ) {
    this.api = new LanbillingApi(client);
  }

  async *read(opts: { onProgress?: (p: ReadProgress) => void } = {}): AsyncIterable<readonly Subscriber[]> {
    const controller = readController();
    // One "now" for the whole read, so every entry is judged at the same instant.
    const ctx: ReadContext = { now: this.deps.now(), signal: controller.signal, accounts: new Map(), catalog: null };
    const yielded = new Set<number>();
    let read = 0;
    try {
      for (const agent of this.opts.agents) {
        for await (const page of this.agentPages(agent, controller.signal)) {
          // An entry of another agent means the server ignored flt.agentid; it is read under its own.
          const live = page.filter((v) => isLiveVgroup(v) && (v.agentId === 0 || v.agentId === agent) && !yielded.has(v.vgid));
          if (live.length === 0) continue;
          for (const v of live) yielded.add(v.vgid);
          const batch = await this.enrichAll(live, ctx, controller);
          read += batch.length;
          opts.onProgress?.({ read });
          yield batch;
        }
      }
    } finally {
      controller.abort(new Error('lanbilling read finished'));
    }
  }

  async readOne(id: string): Promise<Subscriber | null> {
    if (!/^\d+$/.test(id)) return null; // vgids are numeric; anything else is unknown.
    const controller = readController();
    try {
      const v = await this.api.vgroup(Number(id), controller.signal);
      if (!v || !isLiveVgroup(v) || !this.opts.agents.includes(v.agentId)) return null;
      const ctx: ReadContext = { now: this.deps.now(), signal: controller.signal, accounts: new Map(), catalog: null };
      const [subscriber] = await this.enrichAll([v], ctx, controller);
      return subscriber ?? null;
    } finally {
      controller.abort(new Error('lanbilling readOne finished'));
    }
  }

  async close(): Promise<void> {
    this.limiter.clear();
    await this.client.close();
  }

  /**
   * The agent's entries, one page at a time. Paging is `flt.pgnum` (1-based) / `flt.pgsize` in
   * vgid order; its exact semantics are undocumented, so the pages are checked against
   * `Count`: fewer entries than counted (a 0-based server, entries shifting as others were
   * archived mid-read, a capped page read as the last) fails the read instead of silently
   * dropping subscribers. Without Count the first short page ends the agent.
   */
  private async *agentPages(agent: number, signal: AbortSignal): AsyncIterable<LbVgroup[]> {
    const expected = await this.api.countVgroups(agent, signal);
    if (expected === null) this.warnOnce('count', { agent }, 'LANBilling does not answer Count for getVgroups; paging is not cross-checked');
    const seen = new Set<number>();
    for (let pgnum = 1; ; pgnum++) {
      const page = await this.api.vgroupsPage(agent, pgnum, this.opts.perPage, signal);
      const fresh = page.filter((v) => !seen.has(v.vgid));
      if (page.length > 0 && fresh.length === 0) {
        throw new SourceReadError(`LANBilling getVgroups returned the same entries for page ${pgnum} of agent ${agent} as before; the server seems to ignore flt.pgnum`, {
          retryable: false,
        });
      }
      for (const v of fresh) seen.add(v.vgid);
      if (fresh.length > 0) yield fresh;
      if (page.length === 0) break;
      if (expected === null ? page.length < this.opts.perPage : seen.size >= expected) break;
    }
    if (expected !== null && seen.size < expected) {
      throw new SourceReadError(`LANBilling getVgroups paging for agent ${agent} returned ${seen.size} entries but Count says ${expected}`, {
        retryable: true,
        fix: 'run again (entries archived during the read shift pages); if it persists, check how this LBcore numbers flt.pgnum',
      });
    }
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
    const [account, services] = await Promise.all([this.account(v, ctx), this.api.usboxServices(v.vgid, ctx.signal)]);
    const catalog = services.some(needsCatalog) ? await this.catalog(ctx) : NO_CATALOG;
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
