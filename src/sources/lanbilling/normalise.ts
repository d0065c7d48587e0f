/**
 * LANBilling records → canonical Subscriber, one per account entry (vgroup). Pure: no I/O, no
 * clock (`now` is passed in), so every rule here is unit-tested with literal records.
 *
 * Service ids: a service's `SubscriberService.id` is its external id (`uuid`) when it has one —
 * from the service itself, else from its catalog service — because that is what links it to a
 * Smotreshka subscription and what mapping tables key on; otherwise it is `lb:<catalog service
 * id>` (or `lb:<tarid>:<catidx>` when even that is missing). The prefix keeps LANBilling's
 * numeric ids from ever colliding with an external id. The model is not extended: extras
 * (servid, tariff, catalog id, uuid) go to `raw.services`.
 */
import type { Subscriber, SubscriberName, SubscriberService } from '../../model/subscriber.js';
import { parseLbDate, type LbDate } from './dates.js';
import { statusOfBlocked } from './status.js';
import type { LbAccount, LbCatalogService, LbUsboxService, LbVgroup, LbVgroupBundle } from './types.js';
import { SERVICE_STATE_ACTIVE, SERVICE_STATES_INACTIVE } from './types.js';

export interface NormaliseContext {
  /** Source name in sync.yaml. */
  readonly source: string;
  readonly now: Date;
  /** The billing server's offset from UTC in minutes (its dates are local). */
  readonly utcOffsetMinutes: number;
  /** Catalog service by id, for services whose own `uuid` is empty. */
  readonly catalogService: (id: number) => LbCatalogService | undefined;
  /** Told about a `blocked` code outside the table (the caller logs it). */
  readonly onUnknownBlocked?: (code: number | null) => void;
  /** Told about a service state that is neither running (3) nor off/planned (0, 2). */
  readonly onUnknownServiceState?: (state: number | null) => void;
}

/** Templates and archived entries are not subscribers (ADM `showgroups.php`: archive=0, template=0). */
export function isLiveVgroup(v: LbVgroup): boolean {
  return !v.template && v.archive !== true;
}

export function normaliseVgroup(bundle: LbVgroupBundle, ctx: NormaliseContext): Subscriber {
  const { vgroup: v, account } = bundle;
  const active = activeServices(bundle.services, ctx);
  const phones = account ? [account.mobile, account.phone].filter((p) => p !== '') : [];
  const addressText = v.addresses[0] ?? account?.addresses[0];
  return {
    source: ctx.source,
    id: String(v.vgid),
    account: v.agrmnum === '' ? null : v.agrmnum,
    name: nameOf(v, account),
    status: statusOfBlocked(v.blocked, ctx.onUnknownBlocked),
    services: active.map((a) => a.service),
    contacts: {
      phones: [...new Set(phones)],
      // Included whether confirmed or not; mappings that need a confirmed one read raw.email_confirmed.
      emails: account && account.email !== '' ? [account.email] : [],
    },
    address: addressText === undefined ? null : { text: addressText },
    raw: {
      vgid: v.vgid,
      login: v.login === '' ? null : v.login,
      agrm_num: v.agrmnum === '' ? null : v.agrmnum,
      agrm_id: v.agrmid,
      uid: v.uid,
      agent_id: v.agentId,
      tar_id: v.tarid,
      tariff: v.tarifdescr,
      blocked: v.blocked,
      email_confirmed: account?.emailConfirmed ?? false,
      mobile_confirmed: account?.mobileConfirmed ?? false,
      user_login: account?.login ?? null,
      user_type: account?.type ?? null,
      services: active.map((a) => a.raw),
    },
  };
}

/**
 * Running at `now`: started (`timefrom` ≤ now, or unset), not ended (`timeto` > now, open or
 * unset) and in a running state. State 3 runs and 0/2 do not (KT, Yii clients); any other state
 * counts as running — dropping a paid service hurts the subscriber more than keeping an odd
 * one — and is reported through `onUnknownServiceState`. A date that does not parse counts as
 * unset for the same reason. `blocked` and `needcalc` on the service are ignored: the entry's
 * status carries blocking, and needcalc's meaning is only inferred.
 */
export function isRunningService(s: LbUsboxService, now: number, ctx: Pick<NormaliseContext, 'utcOffsetMinutes' | 'onUnknownServiceState'>): boolean {
  const from = parseLbDate(s.timefrom, ctx.utcOffsetMinutes);
  const to = parseLbDate(s.timeto, ctx.utcOffsetMinutes);
  if (typeof from === 'number' && from > now) return false;
  if (typeof to === 'number' && to <= now) return false;
  if (s.state === SERVICE_STATE_ACTIVE) return true;
  if (s.state !== null && SERVICE_STATES_INACTIVE.has(s.state)) return false;
  ctx.onUnknownServiceState?.(s.state);
  return true;
}

/** The id a service is known by downstream: its external id, else `lb:` + LANBilling's id. */
export function serviceId(s: LbUsboxService, catalogService: (id: number) => LbCatalogService | undefined): string {
  if (s.uuid !== '') return s.uuid;
  const catalog = s.servicecatid > 0 ? catalogService(s.servicecatid) : undefined;
  if (catalog && catalog.uuid !== '') return catalog.uuid;
  return s.servicecatid > 0 ? `lb:${s.servicecatid}` : `lb:${s.tarid}:${s.catidx}`;
}

/** True when the service's id depends on the catalog (no uuid of its own, a catalog link). */
export function needsCatalog(s: LbUsboxService): boolean {
  return s.uuid === '' && s.servicecatid > 0;
}

interface ActiveService {
  readonly service: SubscriberService;
  readonly raw: Readonly<Record<string, string | number | null>>;
}

function activeServices(services: readonly LbUsboxService[], ctx: NormaliseContext): ActiveService[] {
  const now = ctx.now.getTime();
  const running = services
    .filter((s) => isRunningService(s, now, ctx))
    .map((s) => ({ s, id: serviceId(s, ctx.catalogService), from: parseLbDate(s.timefrom, ctx.utcOffsetMinutes) }))
    // One service assigned twice (e.g. renewed) is still one service; the earliest start wins.
    .sort((a, b) => startKey(a.from) - startKey(b.from));
  const byId = new Map<string, ActiveService>();
  for (const { s, id, from } of running) {
    if (byId.has(id)) continue;
    const catalog = s.servicecatid > 0 ? ctx.catalogService(s.servicecatid) : undefined;
    const name = s.catdescr !== '' ? s.catdescr : catalog?.descr;
    byId.set(id, {
      service: {
        id,
        ...(name ? { name } : {}),
        ...(typeof from === 'number' ? { since: iso(from) } : {}),
        until: untilOf(parseLbDate(s.timeto, ctx.utcOffsetMinutes)),
      },
      raw: {
        id,
        servid: s.servid,
        uuid: s.uuid !== '' ? s.uuid : catalog?.uuid || null,
        catalog_id: s.servicecatid > 0 ? s.servicecatid : null,
        tar_id: s.tarid,
        cat_idx: s.catidx,
        state: s.state,
      },
    });
  }
  return [...byId.values()].sort((a, b) => (a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : 0));
}

/** Unset starts sort first: such a service has been running for as long as anyone knows. */
function startKey(d: LbDate): number {
  return typeof d === 'number' ? d : Number.MIN_SAFE_INTEGER;
}

function untilOf(d: LbDate): string | null {
  return typeof d === 'number' ? iso(d) : null;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The user's name: `name` as LANBilling shows it, else the entry's `username`. Persons (type 2
 * or unknown) get parts from the abonent* fields, or by the "Фамилия Имя Отчество" convention
 * when those are empty; legal entities keep just `full`.
 */
export function nameOf(v: LbVgroup, account: LbAccount | null): SubscriberName {
  const full = (account?.name || v.username).replace(/\s+/g, ' ').trim();
  if (account?.type === 1) return { full };
  if (account && (account.surname !== '' || account.firstname !== '')) {
    return {
      full,
      ...(account.surname ? { last: account.surname } : {}),
      ...(account.firstname ? { first: account.firstname } : {}),
      ...(account.patronymic ? { middle: account.patronymic } : {}),
    };
  }
  const [last, first, ...rest] = full.split(' ').filter((w) => w !== '');
  if (last === undefined || first === undefined) return { full };
  return rest.length > 0 ? { full, last, first, middle: rest.join(' ') } : { full, last, first };
}
