/**
 * The emulator's mutable data with the helpers demos and tests use to make things happen in
 * "billing": block an entry, switch a service, add or remove an entry, change a user's e-mail.
 * Vgroups stay ordered by vgid, the order `getVgroups` pages in.
 */
import { mulberry32 } from '../kit/prng.js';
import { VgroupFactory, floorSecond, type VgroupOverrides } from './factory.js';
import type { LbAccountRecord, LbAgreementRecord, LbCatalogServiceRecord, LbData, LbPaymentRecord, LbServiceRecord, LbVgroupRecord } from './model.js';

/** What `getVgroups` can select on (0 / '' / undefined = no condition). */
export interface VgroupQuery {
  readonly agentid?: number;
  readonly vgid?: number;
  readonly userid?: number;
  readonly login?: string;
  readonly agrmid?: number;
  /** 0 = live entries only, 1 = archived only, undefined = both. */
  readonly archive?: number;
}

export class LanbillingState {
  private readonly byVgid = new Map<number, LbVgroupRecord>();
  /** Payments in booking order (recordid ascending). */
  private readonly paymentList: LbPaymentRecord[] = [];
  private nextMacRecord = 5_000_001;
  private nextPaymentRecord = 8_000_001;
  private readonly factory: VgroupFactory;
  private readonly clock: () => number;

  constructor(
    readonly data: LbData,
    opts: { seed?: number; clock?: () => number } = {},
  ) {
    for (const v of data.vgroups) this.byVgid.set(v.vgid, v);
    // A separate stream from the generator's, so adding entries never changes existing ones.
    this.factory = new VgroupFactory(mulberry32((opts.seed ?? 1) ^ 0x2545f491), data);
    this.clock = opts.clock ?? Date.now;
  }

  /** Number of vgroups, templates and archived ones included. */
  get size(): number {
    return this.data.vgroups.length;
  }

  /** All vgroups, ordered by vgid. Do not mutate the array; use the helpers. */
  all(): readonly LbVgroupRecord[] {
    return this.data.vgroups;
  }

  get(vgid: number): LbVgroupRecord | undefined {
    return this.byVgid.get(vgid);
  }

  account(uid: number): LbAccountRecord | undefined {
    return this.data.accounts.get(uid);
  }

  catalogService(id: number): LbCatalogServiceRecord | undefined {
    return this.data.catalogServices.find((c) => c.id === id);
  }

  /** Vgroups matching `q`, ordered by vgid. */
  query(q: VgroupQuery): LbVgroupRecord[] {
    if (q.vgid) {
      const v = this.byVgid.get(q.vgid);
      return v && matches(v, q) ? [v] : [];
    }
    return this.data.vgroups.filter((v) => matches(v, q));
  }

  /** Sets `vgroups.blocked` (0 active, 1/4 balance, 2 user, 3 manager, 5 traffic, 10 off). */
  block(vgid: number, code: number): void {
    this.mustGet(vgid).blocked = code;
  }

  /**
   * Ends the entry's services of catalog service `from` that are running at `at` (timeto = at)
   * and assigns `to` from `at`, as a manager's or the self-care cabinet's switch would.
   * `from` null only adds `to`; `to` null only stops `from`.
   */
  switchService(vgid: number, from: number | null, to: number | null, at: Date = new Date(this.clock())): void {
    const v = this.mustGet(vgid);
    const when = floorSecond(at.getTime());
    if (from !== null) {
      const running = v.services.filter((s) => s.servicecatid === from && s.timefrom <= when && (s.timeto === null || s.timeto > when));
      if (running.length === 0) throw new Error(`lanbilling emulator: vgroup ${vgid} has no running service ${from}`);
      for (const s of running) s.timeto = when;
    }
    if (to !== null) v.services.push(this.factory.service(v, to, when));
  }

  /** Adds an entry after the highest vgid; fields not given are drawn like generated ones. */
  addVgroup(overrides: VgroupOverrides = {}): number {
    const now = floorSecond(this.clock());
    let account: LbAccountRecord | undefined;
    if (overrides.uid !== undefined) {
      account = this.data.accounts.get(overrides.uid);
      if (!account) throw new Error(`lanbilling emulator: no user ${overrides.uid}`);
    } else {
      account = this.factory.account(now);
      this.data.accounts.set(account.uid, account);
    }
    const vgid = this.data.nextVgid++;
    const record = this.factory.vgroup(vgid, account, now, overrides);
    this.data.vgroups.push(record);
    this.byVgid.set(vgid, record);
    return vgid;
  }

  /**
   * Removes an entry. LANBilling keeps deleted entries as archived (`archive` = 1), which is the
   * default here; `{ archive: false }` drops it entirely. False when it did not exist.
   */
  removeVgroup(vgid: number, opts: { archive?: boolean } = {}): boolean {
    const v = this.byVgid.get(vgid);
    if (!v) return false;
    if (opts.archive ?? true) {
      v.archive = true;
      return true;
    }
    this.byVgid.delete(vgid);
    const i = this.data.vgroups.indexOf(v);
    if (i >= 0) this.data.vgroups.splice(i, 1);
    return true;
  }

  /** Changes a user's e-mail and whether it is confirmed. */
  setEmail(uid: number, email: string, confirmed: boolean): void {
    const a = this.data.accounts.get(uid);
    if (!a) throw new Error(`lanbilling emulator: no user ${uid}`);
    a.email = email;
    a.emailConfirmed = confirmed;
  }

  /**
   * Binds a MAC address to an entry (as a manager adds it on the entry's MAC tab); `mac` is
   * stored as written. Returns its record id.
   */
  bindMac(vgid: number, mac: string, segment = ''): number {
    const v = this.mustGet(vgid);
    const recordid = this.nextMacRecord++;
    (v.macstaff ??= []).push({ recordid, mac, segment });
    return recordid;
  }

  /** Moves the MAC (any spelling) to another entry: a box handed to another subscriber. */
  moveMac(mac: string, toVgid: number): void {
    const to = this.mustGet(toVgid);
    const hex = macHex(mac);
    for (const v of this.data.vgroups) {
      const i = (v.macstaff ?? []).findIndex((m) => macHex(m.mac) === hex);
      if (i < 0) continue;
      const [m] = v.macstaff!.splice(i, 1);
      (to.macstaff ??= []).push(m!);
      return;
    }
    throw new Error(`lanbilling emulator: no entry holds MAC ${mac}`);
  }

  /** Books a payment onto an agreement (and its balance); returns its record id. */
  addPayment(agrmid: number, amount: number, at: Date = new Date(this.clock()), comment = 'Оплата'): number {
    const agreement = this.agreement(agrmid);
    if (!agreement) throw new Error(`lanbilling emulator: no agreement ${agrmid}`);
    const recordid = this.nextPaymentRecord++;
    this.paymentList.push({ recordid, agrmid, amount, paydate: floorSecond(at.getTime()), receipt: `R-${recordid}`, comment, status: 0, canceldate: null });
    agreement.balance = Math.round((agreement.balance + amount) * 100) / 100;
    return recordid;
  }

  /** Annuls a payment (status 2 "cancelled" with a cancel date), taking it off the balance. */
  cancelPayment(recordid: number, at: Date = new Date(this.clock())): void {
    const p = this.paymentList.find((x) => x.recordid === recordid);
    if (!p) throw new Error(`lanbilling emulator: no payment ${recordid}`);
    p.status = 2;
    p.canceldate = floorSecond(at.getTime());
    const agreement = this.agreement(p.agrmid);
    if (agreement) agreement.balance = Math.round((agreement.balance - p.amount) * 100) / 100;
  }

  /** Payments, oldest booking first. Do not mutate; use the helpers. */
  payments(): readonly LbPaymentRecord[] {
    return this.paymentList;
  }

  /** An agreement of any user. */
  agreement(agrmid: number): LbAgreementRecord | undefined {
    for (const a of this.data.accounts.values()) {
      const found = a.agreements.find((g) => g.agrmid === agrmid);
      if (found) return found;
    }
    return undefined;
  }

  /** Services of an entry (all of them: history, future and running). */
  services(vgid: number): readonly LbServiceRecord[] {
    return this.byVgid.get(vgid)?.services ?? [];
  }

  private mustGet(vgid: number): LbVgroupRecord {
    const v = this.byVgid.get(vgid);
    if (!v) throw new Error(`lanbilling emulator: no vgroup ${vgid}`);
    return v;
  }
}

const macHex = (mac: string): string => mac.replace(/[^0-9a-f]/gi, '').toLowerCase();

function matches(v: LbVgroupRecord, q: VgroupQuery): boolean {
  if (q.agrmid && v.agrmid !== q.agrmid) return false;
  if (q.agentid && v.agentId !== q.agentid) return false;
  if (q.vgid && v.vgid !== q.vgid) return false;
  if (q.userid && v.uid !== q.userid) return false;
  if (q.login && v.login !== q.login) return false;
  if (q.archive === 0 && v.archive) return false;
  if (q.archive === 1 && !v.archive) return false;
  return true;
}
