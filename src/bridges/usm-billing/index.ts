/**
 * UserSide's usm_billing module, served: the billing "universal API" (`request=get_user_list`,
 * `get_tariff_list`, `get_user_state_list`, `get_api_information`, `get_system_information`,
 * `get_services_list`, …) from any source's last complete read. An ISP on Hydra or LANBilling
 * points usm_billing's `$billingUrl` at http://daemon/bridges/usm-billing/?key=… and runs the
 * stock module.
 *
 * Answers are the bare data, id-keyed, as the billings usm_billing supports return them
 * (userside.md §6: the same shapes as UserSide's own get_data). Errors are non-200 with
 * `{"Result":"ERROR","ErrorText":…}`, which UserSide-style clients read either way.
 */
import { version as nodeVersion } from 'node:process';
import type { Bridge, BridgeContext, BridgeFactory } from '../bridge.js';
import { drained, freshnessHeaders, readParams, sendJson, wantsRefresh, type Freshness } from '../answer.js';
import { RowIndex } from '../row-index.js';
import { secretScrubber } from '../secret-guard.js';
import { ageSeconds } from '../source-snapshot.js';
import { compileUsmMapping, UNIVERSAL_STATES, type UsmMapping } from './mapping.js';
import { usmRowBuilder, type UsmRow } from './rows.js';

/** Version of the universal API this bridge follows (get_api_information). */
const API_VERSION = '1.0';

/** Catalogues billsync does not keep: answered empty, so the stock module imports the rest. */
const EMPTY_REQUESTS = [
  'get_city_list', 'get_street_list', 'get_house_list', 'get_province_list', 'get_district_list', 'get_area_list',
  'get_user_group_list', 'get_user_tags', 'get_user_messages', 'get_user_history', 'get_user_additional_data_type_list',
  'get_connect_list', 'get_device_list',
];

const REQUESTS = ['get_api_information', 'get_system_information', 'get_user_state_list', 'get_tariff_list', 'get_services_list', 'get_user_list', ...EMPTY_REQUESTS];

/** `Y-m-d H:i:s` in UTC, the date format of the universal API. */
function ymdhis(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

function usmError(res: Parameters<typeof sendJson>[0], status: number, text: string, extra: Record<string, string> = {}): void {
  sendJson(res, status, { Result: 'ERROR', ErrorText: text }, undefined, extra);
}

class UsmBillingBridge implements Bridge {
  private readonly mapping: UsmMapping;
  private readonly index: RowIndex<UsmRow>;
  private tariffBody: { version: number; text: string } | undefined;

  constructor(private readonly ctx: BridgeContext) {
    this.mapping = compileUsmMapping(ctx.mapping);
    this.index = new RowIndex(usmRowBuilder(this.mapping, secretScrubber(ctx.secretValues)));
    ctx.feed.listen(this.index);
  }

  /** Resolves when the latest read is indexed (tests, benchmarks). */
  settled(): Promise<void> {
    return this.index.settled();
  }

  async handle(req: Parameters<Bridge['handle']>[0], res: Parameters<Bridge['handle']>[1], url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'POST') return usmError(res, 405, `method ${req.method} not allowed; usm_billing calls GET ${this.prefixHint()}?request=…`, { allow: 'GET, POST' });
    const got = await readParams(req, url);
    if (!got.ok) return usmError(res, 400, got.error);
    const p = got.params;
    const cat = p.get('cat');
    if (cat !== undefined && cat !== 'module') return usmError(res, 400, `cat=${cat} is not served; the universal API is cat=module&request=…`);
    const request = p.get('request') ?? p.get('action');
    if (request === undefined || request === '') return usmError(res, 400, `no request= parameter; known: ${REQUESTS.join(', ')}`);
    const now = this.ctx.now();
    switch (request) {
      case 'get_api_information':
        return sendJson(res, 200, { version: API_VERSION, date: ymdhis(now) });
      case 'get_system_information':
        return sendJson(res, 200, { date: ymdhis(now), os: `${process.platform} ${process.arch} node ${nodeVersion}`, billing: { name: 'billsync', version: API_VERSION } });
      case 'get_user_state_list':
        return sendJson(res, 200, Object.fromEntries(Object.entries(UNIVERSAL_STATES).map(([id, s]) => [id, { id: Number(id), ...s }])));
      case 'get_services_list':
        return sendJson(res, 200, this.mapping.services);
      case 'get_tariff_list':
        return this.tariffs(res, now);
      case 'get_user_list':
        return this.users(res, p, now);
      default:
        if (EMPTY_REQUESTS.includes(request)) return sendJson(res, 200, {});
        return usmError(res, 400, `unknown request '${request}'; known: ${REQUESTS.join(', ')}`);
    }
  }

  private prefixHint(): string {
    return usmBillingBridge.prefix + '/';
  }

  /** 503 until the first complete read is indexed, saying what is going on. */
  private notReady(res: Parameters<typeof sendJson>[0]): void {
    const s = this.ctx.feed.state();
    const why = s.reading ? `the first read of source ${this.ctx.config.source} is running since ${s.readingSince?.toISOString()}` : `no complete read of source ${this.ctx.config.source} yet${s.lastError ? ` (last attempt: ${s.lastError})` : ''}`;
    usmError(res, 503, `${why}; ask again shortly`, { 'retry-after': '30' });
  }

  private freshness(now: Date): Freshness | undefined {
    const snap = this.index.snapshot;
    return snap ? { readAt: snap.readAt, now } : undefined;
  }

  private tariffs(res: Parameters<typeof sendJson>[0], now: Date): void {
    const f = this.freshness(now);
    if (!f) {
      this.notReady(res);
      return;
    }
    if (this.tariffBody?.version !== this.index.version) {
      const out: Record<string, object> = {};
      for (const [id, t] of this.mapping.tariffs) out[id] = t;
      if (this.mapping.tariffsFromRead) {
        for (const row of this.index.rows.values()) {
          for (const s of row.services) {
            if (out[s.id] === undefined) out[s.id] = { id: s.id, name: s.name ?? `Tariff ${s.id}`, payment: 0, payment_interval: 30, traffic: -1, service_type: 0, speed: { up: 0, down: 0 } };
          }
        }
      }
      this.tariffBody = { version: this.index.version, text: JSON.stringify(out) };
    }
    sendJson(res, 200, this.tariffBody.text, f);
  }

  private async users(res: Parameters<typeof sendJson>[0], p: ReadonlyMap<string, string>, now: Date): Promise<void> {
    if (!this.index.snapshot) return this.notReady(res);
    const one = p.get('customer_id');
    if (one !== undefined) {
      const id = one.trim();
      if (!/^[\w.:-]{1,64}$/.test(id)) return usmError(res, 400, `customer_id '${one.slice(0, 64)}' is not a billing customer id`);
      if (wantsRefresh(p)) {
        try {
          await this.ctx.feed.refreshOne(id);
        } catch (err) {
          return usmError(res, 502, `point read of customer ${id} from source ${this.ctx.config.source} failed: ${(err as Error).message}; the kept read still answers without refresh=1`);
        }
      }
      const snap = this.index.snapshot;
      const row = this.index.rows.get(id);
      return sendJson(res, 200, row ? `{${JSON.stringify(id)}:${row.json}}` : '{}', { readAt: snap.readAtOf(id), now });
    }
    // Streamed from the precomputed rows: 100k customers are ~40 MB, and the first byte should
    // not wait for all of them. A re-index meanwhile swaps in a new map; this loop finishes on
    // the one it started with, so the answer is one consistent read.
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...freshnessHeaders({ readAt: this.index.snapshot.readAt, now }) });
    let chunk = '{';
    let first = true;
    for (const [id, row] of this.index.rows) {
      chunk += `${first ? '' : ','}${JSON.stringify(id)}:${row.json}`;
      first = false;
      if (chunk.length >= 64 * 1024) {
        if (!res.write(chunk) && !(await drained(res))) return;
        chunk = '';
      }
    }
    res.end(`${chunk}}`);
  }

  status(): object {
    const snap = this.index.snapshot;
    const now = this.ctx.now();
    return {
      source: this.ctx.config.source,
      customers: this.index.rows.size,
      readAt: snap?.readAt.toISOString() ?? null,
      ageSeconds: snap ? ageSeconds(snap.readAt, now) : null,
      lastError: this.ctx.feed.state().lastError,
    };
  }
}

export const usmBillingBridge: BridgeFactory & { create(ctx: BridgeContext): UsmBillingBridge } = {
  name: 'usm_billing',
  prefix: '/bridges/usm-billing',
  // The stock module is configured with a URL only ($billingUrl): the key rides in it.
  auth: 'token-or-key',
  create: (ctx) => new UsmBillingBridge(ctx),
};
