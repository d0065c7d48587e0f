/**
 * SmartYard's billing questions, served (seed 003, smartyard.md §3): the app server's
 * smartyard_bill.py asks them, and examples/smartyard/smartyard_bill.py is a drop-in that asks
 * billsync over HTTP instead of the billing database.
 *
 *   POST|GET /bridges/smartyard-billing/uid_from      {phone}          → {uids: [int…]}
 *   POST|GET /bridges/smartyard-billing/cams_activ    {uid}            → {cams_open, cams_paid}
 *   POST|GET /bridges/smartyard-billing/billing_list  {phone}          → {rows: [billingList row…]}
 *   POST|GET /bridges/smartyard-billing/address_list  {phone}          → {rows: [{uid, login, address, cams_open, cams_paid}…]}
 *   POST|GET /bridges/smartyard-billing/is_activ      {uid, device_ids} → {devices: {id: 0|1|2}}
 *   POST|GET /bridges/smartyard-billing/user_phones   {uid}            → {phones: [...]}
 *
 * Every answer carries `read_at` and `age_seconds` (and the X-Billsync-* headers); `refresh=1`
 * reads the contracts concerned from the source first. An unknown or unreadable phone is an
 * empty list, never an error: the app shows "no contracts", as with the billing's own answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bridge, BridgeContext, BridgeFactory } from '../bridge.js';
import { readParams, sendJson, wantsRefresh } from '../answer.js';
import { RowIndex, type Secondary } from '../row-index.js';
import { secretScrubber } from '../secret-guard.js';
import { ageSeconds, type SourceSnapshot } from '../source-snapshot.js';
import { compileSmartyardMapping } from './mapping.js';
import { normalisePhone } from './phone.js';
import { contractBuilder, type Contract } from './rows.js';

const QUESTIONS = ['uid_from', 'cams_activ', 'billing_list', 'address_list', 'is_activ', 'user_phones'];

/** phone → subscriber ids, and uid → subscriber ids. */
class KeyIndex implements Secondary<Contract> {
  readonly map = new Map<string, Set<string>>();
  constructor(private readonly keys: (c: Contract) => readonly string[]) {}
  add(id: string, c: Contract): void {
    for (const k of this.keys(c)) {
      let s = this.map.get(k);
      if (!s) this.map.set(k, (s = new Set()));
      s.add(id);
    }
  }
  remove(id: string, c: Contract): void {
    for (const k of this.keys(c)) {
      const s = this.map.get(k);
      s?.delete(id);
      if (s?.size === 0) this.map.delete(k);
    }
  }
  clear(): void {
    this.map.clear();
  }
}

class SmartyardBillingBridge implements Bridge {
  private readonly index: RowIndex<Contract>;
  private badUids = 0;

  constructor(private readonly ctx: BridgeContext) {
    const mapping = compileSmartyardMapping(ctx.mapping);
    const build = contractBuilder(mapping, secretScrubber(ctx.secretValues), (sub, v) => {
      this.badUids++;
      ctx.logger.debug({ subscriber: sub.id, uid: v }, 'contract uid is not a whole number: not answered for');
    });
    this.index = new RowIndex(build, () => [new KeyIndex((c) => c.phones), new KeyIndex((c) => [String(c.uid)])]);
    ctx.feed.listen(this.index);
  }

  settled(): Promise<void> {
    return this.index.settled();
  }

  private get byPhone(): Map<string, Set<string>> {
    return (this.index.lookups[0] as KeyIndex).map;
  }

  private get byUid(): Map<string, Set<string>> {
    return (this.index.lookups[1] as KeyIndex).map;
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const question = url.pathname.slice(smartyardBillingBridge.prefix.length).replace(/^\/+|\/+$/g, '');
    if (!QUESTIONS.includes(question)) {
      return sendJson(res, 404, { error: `no question '${question}' under ${smartyardBillingBridge.prefix}/`, known: QUESTIONS.map((q) => `${smartyardBillingBridge.prefix}/${q}`) });
    }
    if (req.method !== 'GET' && req.method !== 'POST') return sendJson(res, 405, { error: `method ${req.method} not allowed; POST a JSON body or GET with query parameters` }, undefined, { allow: 'GET, POST' });
    const got = await readParams(req, url);
    if (!got.ok) return sendJson(res, 400, { error: got.error });
    const p = got.params;
    const snap = this.index.snapshot;
    if (!snap) {
      const s = this.ctx.feed.state();
      const why = s.reading ? `the first read of source ${this.ctx.config.source} is running since ${s.readingSince?.toISOString()}` : `no complete read of source ${this.ctx.config.source} yet${s.lastError ? ` (last attempt: ${s.lastError})` : ''}`;
      return sendJson(res, 503, { error: `${why}; ask again shortly` }, undefined, { 'retry-after': '30' });
    }
    const byPhone = question === 'uid_from' || question === 'billing_list' || question === 'address_list';
    if (byPhone) {
      const raw = p.get('phone') ?? p.get('userphone');
      if (raw === undefined || raw.trim() === '') return sendJson(res, 400, { error: `${question} needs phone (e.g. {"phone": "89101234567"})` });
      const phone = normalisePhone(raw);
      if (phone === null) return this.answer(res, snap, [], { phone: raw.slice(0, 32), note: 'not a phone number', ...empty(question) });
      let ids = [...(this.byPhone.get(phone) ?? [])];
      if (wantsRefresh(p) && ids.length > 0) {
        const failed = await this.refresh(ids);
        if (failed) return sendJson(res, 502, { error: failed });
        ids = [...(this.byPhone.get(phone) ?? [])];
      }
      const contracts = this.contracts(ids);
      if (question === 'uid_from') return this.answer(res, snap, ids, { phone, uids: contracts.map((c) => c.uid) });
      if (question === 'billing_list') return this.answer(res, snap, ids, { phone, rows: contracts.map((c) => c.row) });
      return this.answer(res, snap, ids, { phone, rows: contracts.map((c) => ({ uid: c.uid, login: c.row.login, address: c.row.address, cams_open: c.camsOpen, cams_paid: c.camsPaid })) });
    }
    const rawUid = p.get('uid');
    const uid = rawUid === undefined ? NaN : Number(rawUid.trim());
    if (!Number.isSafeInteger(uid) || uid < 0) return sendJson(res, 400, { error: `${question} needs uid, a whole number (got ${rawUid === undefined ? 'none' : `'${rawUid.slice(0, 32)}'`})` });
    let ids = [...(this.byUid.get(String(uid)) ?? [])];
    if (wantsRefresh(p)) {
      // A uid billsync has not seen may still be a source id (uid: '{{ id }}', the usual mapping).
      const failed = await this.refresh(ids.length > 0 ? ids : [String(uid)]);
      if (failed) return sendJson(res, 502, { error: failed });
      ids = [...(this.byUid.get(String(uid)) ?? [])];
    }
    const contracts = this.contracts(ids);
    const known = contracts.length > 0;
    const open = contracts.some((c) => c.camsOpen);
    const paid = contracts.some((c) => c.camsPaid);
    if (question === 'cams_activ') return this.answer(res, snap, ids, { uid, known, cams_open: open, cams_paid: paid });
    if (question === 'user_phones') return this.answer(res, snap, ids, { uid, known, phones: [...new Set(contracts.flatMap((c) => c.phones))] });
    // isActiv(uid, deviceIds): 0 not connected, 1 connected but unpaid, 2 paid — per device.
    const devices = (p.get('device_ids') ?? p.get('deviceIds') ?? '').split(',').map((d) => d.trim()).filter((d) => d !== '');
    const state = !open ? 0 : paid ? 2 : 1;
    return this.answer(res, snap, ids, { uid, known, devices: Object.fromEntries(devices.map((d) => [d, state])) });
  }

  /** Point-reads these subscribers; returns what failed, or undefined. */
  private async refresh(ids: readonly string[]): Promise<string | undefined> {
    try {
      await Promise.all(ids.slice(0, 20).map((id) => this.ctx.feed.refreshOne(id)));
      return undefined;
    } catch (err) {
      return `point read from source ${this.ctx.config.source} failed: ${(err as Error).message}; ask without refresh for the kept read`;
    }
  }

  private contracts(ids: readonly string[]): Contract[] {
    const out: Contract[] = [];
    for (const id of ids) {
      const c = this.index.rows.get(id);
      if (c) out.push(c);
    }
    return out.sort((a, b) => a.uid - b.uid);
  }

  /** The answer with its age: the oldest read among the subscribers it is about. */
  private answer(res: ServerResponse, snap: SourceSnapshot, ids: readonly string[], body: object): void {
    const now = this.ctx.now();
    let readAt: Date | undefined;
    for (const id of ids) {
      const at = snap.readAtOf(id);
      if (readAt === undefined || at < readAt) readAt = at;
    }
    readAt ??= snap.readAt;
    sendJson(res, 200, { ...body, read_at: readAt.toISOString(), age_seconds: ageSeconds(readAt, now) }, { readAt, now });
  }

  status(): object {
    const snap = this.index.snapshot;
    return {
      source: this.ctx.config.source,
      contracts: this.index.rows.size,
      phones: snap ? this.byPhone.size : 0,
      // Counted per indexing (each complete read and point read), so it grows with reads.
      uidNotWholeNumberIndexed: this.badUids,
      readAt: snap?.readAt.toISOString() ?? null,
      ageSeconds: snap ? ageSeconds(snap.readAt, this.ctx.now()) : null,
      lastError: this.ctx.feed.state().lastError,
    };
  }
}

/** The empty answer of a phone question. */
function empty(question: string): object {
  return question === 'uid_from' ? { uids: [] } : { rows: [] };
}

export const smartyardBillingBridge: BridgeFactory & { create(ctx: BridgeContext): SmartyardBillingBridge } = {
  name: 'smartyard_billing',
  prefix: '/bridges/smartyard-billing',
  auth: 'token',
  create: (ctx) => new SmartyardBillingBridge(ctx),
};
