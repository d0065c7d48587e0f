/**
 * The api3 operations the emulator serves after the session check (`Login` and `Logout` are the
 * server's). Each takes the operation element's children and answers a payload for
 * `<op>Response` or a fault. `getVgroup` answers archived entries too (with `archive` 1). `flt` paging: `pgsize` 0 = everything, else 1-based `pgnum` pages
 * of `pgsize` in id order (the notes leave the base undocumented; readers should cross-check
 * with `Count`). Empty lists answer an empty response element.
 */
import type { LbData } from './model.js';
import { renderAccountFull, renderCatalogService, renderPaymentFull, renderUsboxService, renderVgroupBrief, renderVgroupFull } from './render.js';
import { SERVER_UTC_OFFSET_MS } from './render.js';
import type { XmlObject, XmlValue } from './soap.js';
import type { LanbillingState, VgroupQuery } from './state.js';

export type OperationReply =
  | { readonly payload: XmlObject }
  | { readonly fault: { readonly code: 'Client' | 'Server'; readonly string: string; readonly detail: string } };

export interface OperationContext {
  readonly state: LanbillingState;
  /** A server that ignores `flt.archive` in `getVgroups` and `Count`: archived entries come back. */
  readonly ignoresArchiveFilter: boolean;
  /** A `Count` that counts archived entries although `flt.archive` is 0 (its filter semantics are inferred). */
  readonly countIncludesArchived: boolean;
  /** A server that ignores `ord[]` and pages in its own order (by login). */
  readonly ignoresOrder: boolean;
  /** Whether usbox services carry the catalog's `uuid` themselves. */
  readonly uuidInServices: boolean;
  /** Whether `Count` answers (builds may differ; the procname convention is inferred). */
  readonly count: boolean;
}

type Args = Readonly<Record<string, unknown>>;
type Operation = (args: Args, ctx: OperationContext) => OperationReply;

const rec = (v: unknown): Args => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Args) : {});

/** A numeric field of a filter; absent, empty or non-numeric = undefined. */
function num(args: Args, key: string): number | undefined {
  const v = args[key];
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function str(args: Args, key: string): string | undefined {
  const v = args[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function pageOf<T>(items: readonly T[], flt: Args): readonly T[] {
  const size = num(flt, 'pgsize') ?? 0;
  if (size <= 0) return items;
  const page = Math.max(1, num(flt, 'pgnum') ?? 1);
  return items.slice((page - 1) * size, page * size);
}

/**
 * A date bound of a filter as epoch ms (server local time, Moscow); undefined when absent or
 * empty, 'bad' when it is neither `YYYY-MM-DD[ HH:MM:SS]` nor `YYYYMMDD[HHMMSS]`.
 */
function boundOf(flt: Args, key: string): number | undefined | 'bad' {
  const text = str(flt, key)?.trim();
  if (text === undefined || text === '') return undefined;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:[ T]?(\d{2}):?(\d{2}):?(\d{2}))?$/.exec(text);
  if (!m) return 'bad';
  const [y, mo, d, h, mi, s] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p))) as number[];
  const ms = Date.UTC(y!, mo! - 1, d!, h, mi, s) - SERVER_UTC_OFFSET_MS;
  return Number.isNaN(ms) ? 'bad' : ms;
}

const list = (items: readonly XmlValue[]): OperationReply => ({ payload: { ret: items } });

/** The selection of `getVgroups` (and of `Count` for it); an absent `flt.archive` means 0 [inf]. */
function vgroupQuery(flt: Args, ctx: OperationContext, forCount = false): VgroupQuery {
  const ignoreArchive = ctx.ignoresArchiveFilter || (forCount && ctx.countIncludesArchived);
  return {
    agentid: num(flt, 'agentid'),
    vgid: num(flt, 'vgid'),
    userid: num(flt, 'userid'),
    login: str(flt, 'login'),
    agrmid: num(flt, 'agrmid'),
    archive: ignoreArchive ? undefined : (num(flt, 'archive') ?? 0),
  };
}

/**
 * Rows in the order `ord[]` asks: `vgid` with `ascdesc` 0 ascending, 1 descending [inf: the
 * notes do not say which value is which]; no (or another) `ord` keeps the natural vgid order.
 * A server that ignores `ord` sorts by login instead, as an SQL view without ORDER BY might.
 */
function ordered<T extends { readonly vgid: number; readonly login: string }>(rows: T[], ord: unknown, ctx: OperationContext): T[] {
  if (ctx.ignoresOrder) return rows.sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : a.vgid - b.vgid));
  const first = rec(Array.isArray(ord) ? ord[0] : ord);
  if (first.name === 'vgid' && num(first, 'ascdesc') === 1) return rows.reverse();
  return rows;
}

function usboxRows(flt: Args, ctx: OperationContext): { vgid: number; index: number }[] {
  const vgid = num(flt, 'vgid') ?? 0;
  const state = num(flt, 'state') ?? -1;
  const vgroups = vgid ? ctx.state.query({ vgid }) : ctx.state.all();
  const rows: { vgid: number; index: number }[] = [];
  for (const v of vgroups) {
    v.services.forEach((s, index) => {
      if (state < 0 || s.state === state) rows.push({ vgid: v.vgid, index });
    });
  }
  return rows;
}

const OPERATIONS: Readonly<Record<string, Operation>> = {
  getVgroups(args, ctx) {
    const flt = rec(args.flt);
    const rows = pageOf(ordered(ctx.state.query(vgroupQuery(flt, ctx)), args.ord, ctx), flt);
    return list(rows.map((v) => renderVgroupBrief(v, ctx.state.data)));
  },

  getVgroup(args, ctx) {
    const v = ctx.state.get(num(args, 'id') ?? -1);
    // Archived entries and templates are still found by id: their `archive`/`templ` say what they are.
    if (!v) return { fault: { code: 'Client', string: 'error_getVgroup', detail: 'Vgroup not found' } };
    return list([renderVgroupFull(v, ctx.state.data)]);
  },

  Count(args, ctx) {
    const flt = rec(args.flt);
    const proc = str(args, 'procname');
    if (!ctx.count) return { fault: { code: 'Client', string: 'error_count', detail: 'Count is not available' } };
    if (proc === 'getVgroups') return { payload: { ret: ctx.state.query(vgroupQuery(flt, ctx, true)).length } };
    if (proc === 'getUsboxServices') return { payload: { ret: usboxRows(flt, ctx).length } };
    return { fault: { code: 'Client', string: 'error_count', detail: `Count is not supported for procedure '${proc ?? ''}'` } };
  },

  getAccount(args, ctx) {
    const account = ctx.state.account(num(args, 'id') ?? -1);
    if (!account) return { fault: { code: 'Client', string: 'error_getAccount', detail: 'Account not found' } };
    return list([renderAccountFull(account, (agrmid) => ctx.state.query({ agrmid }).length)]);
  },

  getUsboxServices(args, ctx) {
    const flt = rec(args.flt);
    const data: LbData = ctx.state.data;
    const rows = pageOf(usboxRows(flt, ctx), flt);
    return list(
      rows.map(({ vgid, index }) => {
        const v = ctx.state.get(vgid)!;
        return renderUsboxService(v.services[index]!, v, data, ctx.uuidInServices);
      }),
    );
  },

  getCatalogs(_args, ctx) {
    return list(ctx.state.data.catalogs.map((c) => ({ catid: c.catid, cattype: c.cattype, operid: 1, catname: c.catname })));
  },

  getCatalogServices(args, ctx) {
    const flt = rec(args.flt);
    const catid = num(flt, 'catid') ?? 0;
    const uuid = str(flt, 'uuid');
    const all = ctx.state.data.catalogServices.filter((c) => (!catid || c.catid === catid) && (uuid === undefined || c.uuid === uuid));
    return { payload: { ret: { total: all.length, data: pageOf(all, flt).map(renderCatalogService) } } };
  },

  /**
   * Payments by `flt.agrmid` (0/absent = all), `flt.recordid`, and pay date: `dtfrom` inclusive,
   * `dtto` exclusive [inf: the bounds' semantics are undocumented]. Dates come as
   * `YYYY-MM-DD[ HH:MM:SS]` or `YYYYMMDDHHMMSS` (the vendor's own clients send all three);
   * anything else is a Client fault. Annulled and corrected payments are listed too, with their
   * `status` and `canceldate`: the list is the agreement's history. Oldest first, paged by
   * `pgnum`/`pgsize`.
   */
  getPayments(args, ctx) {
    const flt = rec(args.flt);
    const agrmid = num(flt, 'agrmid') ?? 0;
    const recordid = num(flt, 'recordid') ?? 0;
    const from = boundOf(flt, 'dtfrom');
    const to = boundOf(flt, 'dtto');
    if (from === 'bad' || to === 'bad') return { fault: { code: 'Client', string: 'error_getPayments', detail: 'Wrong date format' } };
    const rows = ctx.state
      .payments()
      .filter((p) => (!agrmid || p.agrmid === agrmid) && (!recordid || p.recordid === recordid))
      .filter((p) => (from === undefined || p.paydate >= from) && (to === undefined || p.paydate < to));
    return list(pageOf(rows, flt).map((p) => renderPaymentFull(p, ctx.state.data)));
  },

  getAgents(_args, ctx) {
    return list(ctx.state.data.agents.map((a) => ({ id: a.id, name: a.descr, data: a.type })));
  },
};

/** Runs an operation; undefined when the emulator does not implement it. */
export function runOperation(op: string, args: Args, ctx: OperationContext): OperationReply | undefined {
  const operation = Object.hasOwn(OPERATIONS, op) ? OPERATIONS[op] : undefined;
  return operation?.(args, ctx);
}
