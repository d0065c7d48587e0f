/**
 * The optional parts of a LANBilling subscriber: the MACs bound to its account entry (option
 * `devices`) and its agreement's recent payments (option `payments_days`), read for one entry
 * within a read whose per-read state (`owners`) the caller keeps.
 */
import type { SubscriberPayment } from '../../model/subscriber.js';
import type { LanbillingApi } from './api.js';
import { formatLbDate } from './dates.js';
import { entryMacs } from './devices.js';
import { isLiveVgroup } from './normalise.js';
import type { LanbillingOptions } from './options.js';
import { agreementPayments } from './payments.js';
import type { LbAccount, LbVgroup } from './types.js';

const DAY_MS = 86_400_000;

/** What one read shares with the extras: its instant, its signal and the owners it found. */
export interface ExtrasContext {
  readonly now: Date;
  readonly signal: AbortSignal;
  /** Per agreement, the entry its payments go to (see paymentsOwner). */
  readonly owners: Map<number, Promise<number>>;
}

export interface EntryExtrasDeps {
  readonly api: LanbillingApi;
  readonly opts: LanbillingOptions;
  /** Whether a read found that getVgroups answers archived entries for `flt.archive` 0. */
  readonly archiveFilterIgnored: () => boolean;
  readonly warnOnce: (key: string, fields: Record<string, unknown>, message: string) => void;
}

export class EntryExtras {
  constructor(private readonly deps: EntryExtrasDeps) {}

  /**
   * The entry's MACs: from the `getVgroup` answer the read already has (readOne, or an entry
   * AgentRead checked), else one `getVgroup`. A string is why they cannot be known: the
   * subscriber is then skipped, because an empty list would unbind the boxes it has.
   */
  async devicesOf(v: LbVgroup, ctx: ExtrasContext): Promise<string[] | string> {
    if (v.macs) return entryMacs(v.macs);
    const full = await this.deps.api.vgroupFull(v.vgid, ctx.signal);
    if (full === null) return `LANBilling getVgroup no longer knows entry ${v.vgid} (listed by getVgroups); its devices are left as they are`;
    if (full.archive !== false) return `LANBilling getVgroup says entry ${v.vgid} is archived (or does not say) although getVgroups listed it; its devices are left as they are`;
    return entryMacs(full.macs ?? []);
  }

  /**
   * The agreement's payments of the last `days` days when this entry is the one they go to,
   * else none. The window is sent as dtfrom/dtto in server time with a day's slack at the end
   * (the bounds' semantics are undocumented) and applied again to what comes back.
   */
  async paymentsOf(v: LbVgroup, account: LbAccount | null, days: number, ctx: ExtrasContext): Promise<SubscriberPayment[]> {
    if (v.agrmid <= 0 || (await this.paymentsOwner(v, account, ctx)) !== v.vgid) return [];
    const now = ctx.now.getTime();
    const offset = this.deps.opts.utcOffsetMinutes;
    const rows = await this.deps.api.payments(v.agrmid, formatLbDate(now - days * DAY_MS, offset), formatLbDate(now + DAY_MS, offset), ctx.signal);
    return agreementPayments(rows, {
      now: ctx.now,
      days,
      utcOffsetMinutes: offset,
      onDoubtful: (recordid, why) =>
        this.deps.warnOnce(`payment:${recordid}`, { recordid, agrmid: v.agrmid }, `LANBilling payment ${recordid} is not sent (${why}); it is sent once LANBilling shows it as an accepted payment`),
    });
  }

  /**
   * The entry an agreement's payments go to. Payments belong to the agreement, and one
   * agreement may hold several entries read as subscribers (two TV boxes): giving the payment to
   * each would send it twice under one id, which the planner refuses as a key conflict and
   * skips both. So it goes to the lowest vgid among the agreement's live, non-template entries
   * of the configured agents (`getVgroups` by `agrmid`, once per agreement and read). An
   * agreement whose `soapAgreement.vgroups` count is 1 has only this entry: no call [inf: the
   * WSDL names the element, not what it counts; a wrong count at worst makes that key conflict].
   * If the server hands back an archived entry with a lower vgid as live, the payments go nowhere
   * this round: missing, never doubled. On a server known to ignore `flt.archive`, a candidate
   * below the asking entry is first confirmed live with `getVgroup` (one call per such agreement).
   */
  private paymentsOwner(v: LbVgroup, account: LbAccount | null, ctx: ExtrasContext): Promise<number> {
    if (account?.agreements.find((a) => a.agrmid === v.agrmid)?.vgroups === 1) return Promise.resolve(v.vgid);
    let owner = ctx.owners.get(v.agrmid);
    if (!owner) {
      owner = this.deps.api.agreementEntries(v.agrmid, ctx.signal).then(async (entries) => {
        const below = entries
          .filter((e) => e.vgid < v.vgid && isLiveVgroup(e) && this.deps.opts.agents.includes(e.agentId))
          .map((e) => e.vgid)
          .sort((a, b) => a - b);
        if (!this.deps.archiveFilterIgnored()) return below[0] ?? v.vgid;
        for (const vgid of below) {
          const full = await this.deps.api.vgroupFull(vgid, ctx.signal);
          if (full && full.archive === false && isLiveVgroup(full)) return vgid;
        }
        return v.vgid;
      });
      ctx.owners.set(v.agrmid, owner);
    }
    return owner;
  }
}
