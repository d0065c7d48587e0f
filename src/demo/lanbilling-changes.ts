/**
 * The billing events the demo plays in LANBilling after the first apply: a subscriber switches
 * base package in the self-care cabinet, another is blocked for debt, somebody new signs up and
 * one entry is removed — an ordinary day of an operator on the lbcore-lifestream layout.
 */
import type { LanbillingEmulator, LbVgroupRecord } from '../emulators/lanbilling/index.js';
import { AGENT_TV, BLOCKED, CATALOG_SERVICES, SERVICE_STATE_ACTIVE } from '../emulators/lanbilling/index.js';

export interface LanbillingChanges {
  /** Vgroup ids. */
  readonly switched: number;
  readonly blocked: number;
  readonly added: number;
  readonly removed: number;
  readonly lines: readonly string[];
}

export interface LanbillingChangeOptions {
  /** Catalog service the switched entry moves to from its base package; default 202 (Оптимальный). */
  readonly switchTo?: number;
}

const BASE_FROM = 201; // Смотрёшка Базовый
const OPTIMAL = 202;
const KIDS = 212;

const catalogName = (id: number): string => CATALOG_SERVICES.find((c) => c.id === id)?.descr ?? String(id);

/**
 * Picks live, active TV entries a mapping can use (a login, a user with an e-mail) and changes
 * them. Throws when the generated data has no suitable entry (too few vgroups).
 */
export function playLanbillingChanges(lb: LanbillingEmulator, now: Date, opts: LanbillingChangeOptions = {}): LanbillingChanges {
  const state = lb.state;
  const at = now.getTime();
  const running = (v: LbVgroupRecord) =>
    v.services.filter((s) => s.state === SERVICE_STATE_ACTIVE && s.timefrom <= at && (s.timeto === null || s.timeto > at)).map((s) => s.servicecatid);
  const usable = state
    .all()
    .filter((v) => !v.archive && !v.template && v.agentId === AGENT_TV && v.blocked === BLOCKED.active && v.login !== '')
    .filter((v) => (state.account(v.uid)?.email ?? '') !== '');
  const taken = new Set<number>();
  const pick = (what: string, ok: (v: LbVgroupRecord) => boolean): LbVgroupRecord => {
    const v = usable.find((x) => !taken.has(x.vgid) && ok(x));
    if (!v) throw new Error(`demo: no LANBilling entry to ${what}`);
    taken.add(v.vgid);
    return v;
  };

  // A subscriber on the basic package moves to another one (a base switch on Smotreshka).
  const to = opts.switchTo ?? OPTIMAL;
  const switcher = pick('switch packages for', (v) => {
    const r = running(v);
    return r.length === 1 && r[0] === BASE_FROM;
  });
  state.switchService(switcher.vgid, BASE_FROM, to, now);

  // Another one stops paying: LANBilling blocks the entry for debt (blocked = 1).
  const debtor = pick('block', (v) => running(v).some((id) => id === BASE_FROM || id === OPTIMAL));
  state.block(debtor.vgid, BLOCKED.balance);

  // Somebody leaves: the manager deletes the entry (LANBilling archives it).
  const leaver = pick('remove', (v) => running(v).length > 0);
  state.removeVgroup(leaver.vgid);

  // And somebody new signs up for TV with the kids' package.
  const login = `tv${state.data.nextVgid}`;
  const added = state.addVgroup({ agentId: AGENT_TV, login, blocked: BLOCKED.active, services: [OPTIMAL, KIDS], at: now });
  const uid = state.get(added)!.uid;
  state.setEmail(uid, `user${uid}@mail.example`, true);

  return {
    switched: switcher.vgid,
    blocked: debtor.vgid,
    added,
    removed: leaver.vgid,
    lines: [
      `LANBilling: entry ${switcher.vgid} (${switcher.login}) switched from ${catalogName(BASE_FROM)} to ${catalogName(to)}`,
      `LANBilling: entry ${debtor.vgid} (${debtor.login}) blocked for debt (blocked = ${BLOCKED.balance})`,
      `LANBilling: entry ${leaver.vgid} (${leaver.login}) deleted (archived)`,
      `LANBilling: new entry ${added} (${login}) with ${catalogName(OPTIMAL)} and ${catalogName(KIDS)}`,
    ],
  };
}
