/**
 * The ERP events the demo plays in UserSide after the first apply, as they reach SmartYard: a
 * customer orders the intercom, another cancels it, one moves to another entrance, one is
 * disconnected, one is deleted, somebody new signs up with the intercom — and one customer's
 * address is cleared by mistake, which the next plan reports as a notice.
 */
import type { UsCustomerRecord, UsersideEmulator } from '../emulators/userside/index.js';
import { STATE_ACTIVE, STATE_DISCONNECTED, TARIFF_CAMERAS, TARIFF_INTERCOM, flatNumber } from '../emulators/userside/index.js';

export interface UsersideChanges {
  /** Customer ids. Got the intercom service (absent with `dayOfFour`). */
  readonly gained?: number;
  /** Lost it, the only granting service they had (absent with `dayOfFour`). */
  readonly lost?: number;
  /** Moved to another entrance of the same house. */
  readonly moved: number;
  /** Disconnected (a state the example's status_map reads as off). */
  readonly disconnected: number;
  /** Deleted from UserSide. */
  readonly removed: number;
  /** New customer with the intercom. */
  readonly added: number;
  /** Address cleared: in scope, no devices, a notice (absent with `dayOfFour`). */
  readonly addressless?: number;
  readonly lines: readonly string[];
}

export interface UsersideChangeOptions {
  /**
   * Only the four changes every pair's end-to-end day has (a move standing in for a package
   * switch, a disconnection for a block, a new customer, a deletion); default false: all seven.
   */
  readonly dayOfFour?: boolean;
}

/**
 * Houses whose every entrance has a panel in inventory/smartyard.yaml (Садовая 7к2, 1005, lacks
 * entrance 4's): the customers changed here get clean rights, so the plan shows just the change.
 */
const FULLY_EQUIPPED = new Set([1001, 1002, 1003, 1004]);

const has = (c: UsCustomerRecord, tariff: number): boolean => c.tariffs.some((t) => t.id === tariff);

/**
 * Picks active customers with an address in a fully equipped house and changes them. Throws
 * when the generated data has no suitable customer (too few customers).
 */
export function playUsersideChanges(us: UsersideEmulator, opts: UsersideChangeOptions = {}): UsersideChanges {
  const state = us.state;
  const usable = state.all().filter((c) => !c.potential && !c.former && c.stateId === STATE_ACTIVE && c.address !== null && FULLY_EQUIPPED.has(c.address.houseId));
  const taken = new Set<number>();
  const pick = (what: string, ok: (c: UsCustomerRecord) => boolean): UsCustomerRecord => {
    const c = usable.find((x) => !taken.has(x.id) && ok(x));
    if (!c) throw new Error(`demo: no UserSide customer to ${what}`);
    taken.add(c.id);
    return c;
  };
  const intercomOnly = (c: UsCustomerRecord): boolean => has(c, TARIFF_INTERCOM) && !has(c, TARIFF_CAMERAS);
  const tariffIds = (c: UsCustomerRecord): number[] => c.tariffs.map((t) => t.id);
  const where = (c: UsCustomerRecord): string => `house ${c.address!.houseId}, entrance ${c.address!.entrance}`;

  // Somebody moves to the next entrance of the same house.
  const mover = pick('move', intercomOnly);
  const from = where(mover);
  const house = state.houses.get(mover.address!.houseId)!;
  const entrance = (mover.address!.entrance % house.entrances) + 1;
  state.moveCustomer(mover.id, { houseId: house.id, flat: flatNumber(house, entrance, mover.address!.floor, 1) });

  // Somebody is disconnected.
  const leaver = pick('disconnect', (c) => has(c, TARIFF_INTERCOM));
  state.setState(leaver.id, STATE_DISCONNECTED);

  // Somebody's record is deleted.
  const deleted = pick('delete', (c) => has(c, TARIFF_INTERCOM) || has(c, TARIFF_CAMERAS));
  state.removeCustomer(deleted.id);

  // Somebody new signs up for internet and the intercom in Гагарина 10, entrance 2 (flat 30).
  const added = state.addCustomer({ stateId: STATE_ACTIVE, tariffs: [2, TARIFF_INTERCOM], address: { houseId: 1003, flat: 30 } });

  const lines = [
    `UserSide: customer ${mover.id} moved from ${from} to ${where(mover)}`,
    `UserSide: customer ${leaver.id} disconnected (state ${STATE_DISCONNECTED})`,
    `UserSide: customer ${deleted.id} deleted`,
    `UserSide: new customer ${added} with the intercom, ${where(state.get(added)!)}`,
  ];
  const four = { moved: mover.id, disconnected: leaver.id, removed: deleted.id, added };
  if (opts.dayOfFour) return { ...four, lines };

  // Somebody orders the intercom.
  const gainer = pick('give the intercom', (c) => !has(c, TARIFF_INTERCOM) && !has(c, TARIFF_CAMERAS));
  state.setTariffs(gainer.id, [...tariffIds(gainer), TARIFF_INTERCOM]);

  // Somebody cancels it.
  const loser = pick('take the intercom from', intercomOnly);
  state.setTariffs(loser.id, tariffIds(loser).filter((t) => t !== TARIFF_INTERCOM));

  // And somebody's address is cleared by mistake: still in scope, no devices, a notice.
  const addressless = pick('clear the address of', (x) => has(x, TARIFF_INTERCOM));
  state.moveCustomer(addressless.id, null);
  return {
    ...four,
    gained: gainer.id,
    lost: loser.id,
    addressless: addressless.id,
    lines: [
      `UserSide: customer ${gainer.id} ordered the intercom (tariff ${TARIFF_INTERCOM}), ${where(gainer)}`,
      `UserSide: customer ${loser.id} cancelled the intercom`,
      ...lines,
      `UserSide: customer ${addressless.id}'s address was cleared by mistake (still has the intercom)`,
    ],
  };
}
