/**
 * Makes plausible LANBilling users and account entries from a PRNG: Cyrillic names, e-mails
 * confirmed or not, phones, agreements, and vgroups with the awkward cases a reader must get
 * right — templates, archived entries, entries without a login, every `blocked` code, and
 * services that are open, not started yet, already ended, ending later, planned or off. Used
 * by the bulk generator and by `state.addVgroup()`, so added entries look like generated ones.
 */
import { CITIES, FEMALE_NAMES, MALE_NAMES, PATRONYMICS, STREETS, SURNAMES, femaleSurname } from '../kit/dictionary.js';
import { intBetween, pick, type Rng } from '../kit/prng.js';
import { AGENT_INTERNET, AGENT_TV, TARIFF_INET_100, TARIFF_INET_500, TARIFF_TV, TARIFFS, serviceIdsOf } from './catalog.js';
import type { LbAccountRecord, LbData, LbServiceRecord, LbVgroupRecord } from './model.js';
import { BLOCKED, SERVICE_STATE_ACTIVE } from './model.js';

export const DAY_MS = 86_400_000;
export const FIRST_VGID = 10_001;
export const FIRST_UID = 5_001;

const TV_BASE = serviceIdsOf('base');
const TV_EXTRA = serviceIdsOf('additional');
const BOX_RENT = 301;
const STATIC_IP = 302;
const TV_ARCHIVE = 221;

/** What a caller may fix when adding a vgroup; everything else is drawn. */
export interface VgroupOverrides {
  /** Existing user to attach the entry to; default a new user. */
  readonly uid?: number;
  readonly agentId?: number;
  /** '' = no login. */
  readonly login?: string;
  readonly blocked?: number;
  /** Catalog service ids to assign, open-ended from `at` (replaces the drawn services). */
  readonly services?: readonly number[];
  /** When the entry and its services start (default: a minute before the factory's now). */
  readonly at?: Date;
}

export class VgroupFactory {
  constructor(
    private readonly rng: Rng,
    private readonly data: LbData,
  ) {}

  /** A new user with one agreement (sometimes two), registered at `created`. */
  account(created: number): LbAccountRecord {
    const rng = this.rng;
    const uid = this.data.nextUid++;
    const legal = rng() < 0.03;
    const female = rng() < 0.5;
    const surname = legal ? '' : female ? femaleSurname(pick(rng, SURNAMES)) : pick(rng, SURNAMES);
    const firstname = legal ? '' : pick(rng, female ? FEMALE_NAMES : MALE_NAMES);
    const patronymic = legal || rng() < 0.02 ? '' : pick(rng, PATRONYMICS)[female ? 1 : 0];
    const name = legal ? `ООО «Ромашка-${uid}»` : [surname, firstname, patronymic].filter((p) => p !== '').join(' ');
    const hasEmail = rng() < 0.85;
    const agreements = [this.agreement(uid, created)];
    if (rng() < 0.1) agreements.push(this.agreement(uid, created + DAY_MS));
    return {
      uid,
      login: `user${uid}`,
      type: legal ? 1 : 2,
      name,
      surname,
      firstname,
      patronymic,
      email: hasEmail ? `user${uid}@${pick(rng, ['mail.ru', 'yandex.ru', 'gmail.com', 'example.ru'])}` : '',
      emailConfirmed: hasEmail && rng() < 0.7,
      mobile: rng() < 0.9 ? this.digits('+79', 9) : '',
      mobileConfirmed: rng() < 0.5,
      phone: rng() < 0.2 ? this.digits('8843', 7) : '',
      address: this.address(),
      agreements,
      archive: false,
    };
  }

  /** A vgroup with id `vgid` for `account` (null = a template, which belongs to nobody). */
  vgroup(vgid: number, account: LbAccountRecord | null, now: number, overrides: VgroupOverrides = {}): LbVgroupRecord {
    const rng = this.rng;
    const agentId = overrides.agentId ?? (rng() < 0.6 ? AGENT_TV : AGENT_INTERNET);
    const created = overrides.at ? floorSecond(overrides.at.getTime()) - 60_000 : now - intBetween(rng, 30, 3650) * DAY_MS;
    const accondate = overrides.at ? created : created + intBetween(rng, 0, 5) * DAY_MS;
    const tarid = agentId === AGENT_TV ? TARIFF_TV : rng() < 0.7 ? TARIFF_INET_100 : TARIFF_INET_500;
    const agreement = account ? (account.agreements.length > 1 && rng() < 0.5 ? account.agreements[1] : account.agreements[0]) : undefined;
    const template = account === null;
    const drawnLogin = rng() < 0.02 ? '' : agentId === AGENT_TV ? `tv${vgid}` : `inet${vgid}`;
    const vgroup: LbVgroupRecord = {
      vgid,
      agentId,
      uid: account?.uid ?? 0,
      agrmid: agreement?.agrmid ?? 0,
      login: overrides.login ?? (template ? `template${vgid}` : drawnLogin),
      descr: template ? 'Шаблон учётной записи' : '',
      tarid,
      blocked: overrides.blocked ?? (template ? BLOCKED.active : this.blocked()),
      created,
      accondate,
      archive: false,
      template,
      address: account && rng() < 0.85 ? account.address : '',
      services: [],
    };
    vgroup.services = overrides.services
      ? overrides.services.map((id) => this.service(vgroup, id, accondate))
      : this.services(vgroup, now);
    return vgroup;
  }

  /** A new open-ended, active service of catalog service `servcatid` on the vgroup's tariff. */
  service(vgroup: LbVgroupRecord, servcatid: number, from: number): LbServiceRecord {
    const tariff = TARIFFS.find((t) => t.tarid === vgroup.tarid);
    const category = tariff?.categories.find((c) => c.servcatid === servcatid);
    if (!tariff || !category) throw new Error(`lanbilling emulator: tariff ${vgroup.tarid} has no service ${servcatid}`);
    return {
      servid: this.data.nextServid++,
      vgid: vgroup.vgid,
      tarid: tariff.tarid,
      catidx: category.catidx,
      servicecatid: servcatid,
      state: SERVICE_STATE_ACTIVE,
      needcalc: 1,
      timefrom: from,
      timeto: null,
      created: from,
    };
  }

  private agreement(_uid: number, date: number): LbAccountRecord['agreements'][number] {
    const agrmid = this.data.nextAgrmid++;
    const number = this.rng() < 0.1 ? `ТВ-${agrmid}` : String(100_000 + agrmid);
    return { agrmid, number, date, balance: intBetween(this.rng, -500, 3000) };
  }

  private blocked(): number {
    const r = this.rng();
    if (r < 0.8) return BLOCKED.active;
    if (r < 0.86) return BLOCKED.balance;
    if (r < 0.88) return BLOCKED.balance2;
    if (r < 0.92) return BLOCKED.user;
    if (r < 0.95) return BLOCKED.manager;
    if (r < 0.97) return BLOCKED.traffic;
    return BLOCKED.off;
  }

  private services(v: LbVgroupRecord, now: number): LbServiceRecord[] {
    const rng = this.rng;
    const start = v.accondate + intBetween(rng, 0, 3) * DAY_MS;
    const out: LbServiceRecord[] = [];
    const tv = v.agentId === AGENT_TV;
    if (rng() < (tv ? 0.95 : 0.3)) {
      out.push(this.service(v, pick(rng, TV_BASE), start));
      if (rng() < 0.3) {
        const first = pick(rng, TV_EXTRA);
        out.push(this.service(v, first, start));
        const second = pick(rng, TV_EXTRA);
        if (rng() < 0.3 && second !== first) out.push(this.service(v, second, start));
      }
      if (rng() < 0.05) out.push(this.service(v, TV_ARCHIVE, start));
    }
    if (tv && rng() < 0.2) out.push(this.service(v, BOX_RENT, start));
    if (!tv && rng() < 0.1) out.push(this.service(v, STATIC_IP, start));
    for (const s of out) this.perturb(s, now);
    if (rng() < 0.06) {
      // History: an earlier base package, properly ended.
      const old = this.service(v, pick(rng, TV_BASE), v.accondate);
      old.timeto = Math.min(now - DAY_MS, v.accondate + 30 * DAY_MS);
      out.unshift(old);
    }
    return out.slice();
  }

  /** The awkward cases: not started, ended, ending later, planned, switched off, odd state. */
  private perturb(s: LbServiceRecord, now: number): void {
    const rng = this.rng;
    const r = rng();
    if (r < 0.03) s.timefrom = now + intBetween(rng, 1, 30) * DAY_MS;
    else if (r < 0.07) s.timeto = now - intBetween(rng, 1, 20) * DAY_MS;
    else if (r < 0.11) s.timeto = now + intBetween(rng, 1, 60) * DAY_MS;
    else if (r < 0.13) s.state = 2;
    else if (r < 0.14) {
      s.state = 0;
      s.timefrom = now + intBetween(rng, 1, 10) * DAY_MS;
    } else if (r < 0.145) s.state = 1;
  }

  private digits(prefix: string, n: number): string {
    return prefix + String(intBetween(this.rng, 0, 10 ** n - 1)).padStart(n, '0');
  }

  private address(): string {
    const rng = this.rng;
    return [`г. ${pick(rng, CITIES)}`, pick(rng, STREETS), `д. ${intBetween(rng, 1, 150)}`, `кв. ${intBetween(rng, 1, 300)}`].join(', ');
  }
}

/** Truncates epoch ms to whole seconds: the API's dates have no fractions. */
export function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
