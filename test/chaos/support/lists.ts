/**
 * Payments and set-top boxes in the Hydra → Smarty chaos world: Hydra customers get payments
 * inside the source's window and STB MACs, the mapping sends them as Smarty transactions
 * (ext_id `hydra-<payment id>`) and devices; and the checks a trial makes of them on the
 * emulator's own state — every payment exactly once (counted by ext_id), on its customer, no
 * device bound twice or to another subscriber's account.
 */
import { expect } from 'vitest';
import type { HydraState } from '../../../src/emulators/hydra/state.js';
import type { SmartyEmulator, SmartyState } from '../../../src/emulators/smarty/index.js';
import type { ChaosWorld } from './chaos-world.js';
import { intBetween, mulberry32 } from './tally.js';
import { appendListsMapping } from '../../support/lists-mapping.js';

/** `payments_days` of the Hydra source; the payments are made inside it. */
export const LIST_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;

/**
 * Seeded: every customer gets 0–3 payments from the last 20 days (most get some), about half
 * a set-top box with a MAC of its own. Customers the mapping skips or filters out keep theirs
 * too: the reference apply shows they reach Smarty no more than their customer does.
 */
export function seedHydraLists(hydra: HydraState, seed: number): void {
  const rng = mulberry32((seed ^ 0x18_18_18) >>> 0);
  const now = Date.now();
  hydra.all().forEach((c, i) => {
    const payments = intBetween(rng, 0, 3);
    for (let p = 0; p < payments; p++) hydra.addPayment(c.id, intBetween(rng, 100, 2000), new Date(now - intBetween(rng, 1, 20) * DAY_MS - intBetween(rng, 0, 86_000) * 1000));
    if (rng() < 0.5) hydra.bindEquipment(c.id, `00-1A-79-18-${(i >> 8).toString(16).padStart(2, '0')}-${(i & 0xff).toString(16).padStart(2, '0')}`, `SN${c.id}`);
  });
}

/** Appends the `devices:` and `transactions:` sections to the world's hydra-smarty mapping. */
export function addListsMapping(config: string): Promise<void> {
  return appendListsMapping(config, 'hydra-smarty', 'hydra-');
}

/** What Smarty holds of payments and boxes: ext_id → customer ext_id, device uid → abonement. */
export interface ListsHeld {
  readonly payments: ReadonlyMap<string, string>;
  readonly devices: ReadonlyMap<string, number>;
}

/** Payments and devices on the emulator, each counted by its key; a key held twice throws the count off. */
export function listsHeld(s: SmartyState): ListsHeld & { readonly paymentCopies: number; readonly deviceCopies: number } {
  const payments = new Map<string, string>();
  const devices = new Map<string, number>();
  let paymentCopies = 0;
  let deviceCopies = 0;
  for (const t of s.transactions.byId.values()) {
    if (payments.has(t.ext_id)) paymentCopies++;
    payments.set(t.ext_id, s.customers.get(t.customer_id)?.ext_id ?? '#missing-customer');
  }
  for (const d of s.devices.byId.values()) {
    const uid = d.device_uid.toLowerCase();
    if (devices.has(uid)) deviceCopies++;
    devices.set(uid, s.accounts.get(d.account_id)?.abonement ?? -1);
  }
  return { payments, devices, paymentCopies, deviceCopies };
}

const hex = (mac: string): string => mac.replace(/[^0-9a-f]/gi, '').toLowerCase();

/**
 * Every payment of the reference exactly once (by ext_id), on the same customer, and no other;
 * every device once, bound to the account of the Hydra customer holding its MAC.
 */
export function expectListsConverged(w: ChaosWorld, reference: ListsHeld, label: string): void {
  const state = (w.emulator as SmartyEmulator).state;
  const now = listsHeld(state);
  const perExt = new Map<string, number>();
  for (const t of state.transactions.byId.values()) perExt.set(t.ext_id, (perExt.get(t.ext_id) ?? 0) + 1);
  const twice = [...perExt].filter(([, n]) => n !== 1);
  expect(twice, `${label}: payments on Smarty more than once (ext_id, copies)`).toEqual([]);
  expect(now.paymentCopies, `${label}: payment copies`).toBe(0);
  expect(Object.fromEntries(now.payments), `${label}: payments on Smarty (ext_id → customer)`).toEqual(Object.fromEntries(reference.payments));

  expect(now.deviceCopies, `${label}: devices bound twice`).toBe(0);
  const owner = new Map<string, number>();
  for (const c of w.world.hydra.state.all()) for (const e of c.equipment ?? []) owner.set(hex(e.mac), Number(c.account));
  const wrong = [...now.devices].filter(([uid, abonement]) => owner.get(hex(uid)) !== abonement);
  expect(wrong, `${label}: devices bound to an account their Hydra owner does not hold (uid, abonement)`).toEqual([]);
  expect(Object.fromEntries(now.devices), `${label}: devices on Smarty (uid → abonement)`).toEqual(Object.fromEntries(reference.devices));
}
