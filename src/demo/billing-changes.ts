/**
 * The billing events the demo plays after the first apply: a tariff switch, a debt block and a
 * new subscriber — what an operator does in Hydra on an ordinary day.
 */
import type { HydraEmulator } from '../emulators/hydra/index.js';
import { SUBJ_STATE } from '../emulators/hydra/index.js';

export interface BillingChanges {
  readonly switched: number;
  readonly blocked: number;
  readonly added: number;
  readonly lines: readonly string[];
}

const TV_BASE = new Set([1, 2, 3, 4]);
const TV_ADDONS = new Set([5, 6, 7, 8]);
const CINEMA_PLUS = 5;

export interface BillingChangeOptions {
  /** Base packages the switched subscriber may be on (default all four). */
  readonly switchFrom?: readonly number[];
  /** The service they move to (default 5, Кино+). */
  readonly switchTo?: number;
}

export function playBillingChanges(hydra: HydraEmulator, now: Date, opts: BillingChangeOptions = {}): BillingChanges {
  const from = new Set(opts.switchFrom ?? TV_BASE);
  const to = opts.switchTo ?? CINEMA_PLUS;
  const customers = hydra.state.all();
  const isOpen = (s: { closed: boolean; begin: number; end: number | null }) =>
    !s.closed && s.begin <= now.getTime() && (s.end === null || s.end > now.getTime());
  const active = customers.filter((c) => c.stateId === SUBJ_STATE.on);

  // A subscriber on a base package with no add-on moves to the "Кино+" package (by default).
  const switcher = active.find(
    (c) => c.subscriptions.some((s) => isOpen(s) && from.has(s.serviceId)) && !c.subscriptions.some((s) => isOpen(s) && (TV_ADDONS.has(s.serviceId) || s.serviceId === to)),
  );
  if (!switcher) throw new Error('demo: no subscriber to switch tariffs for');
  const was = switcher.subscriptions.find((s) => isOpen(s) && from.has(s.serviceId))!.serviceId;
  hydra.state.switchService(switcher.id, was, to, now);

  // Another one stops paying: Hydra locks them for debt.
  const debtor = active.find((c) => c.id !== switcher.id && c.subscriptions.some((s) => isOpen(s) && TV_BASE.has(s.serviceId)));
  if (!debtor) throw new Error('demo: no subscriber to block');
  hydra.state.setState(debtor.id, SUBJ_STATE.paymentsLocked);

  // And somebody new signs up.
  const added = hydra.state.addCustomer({ stateId: SUBJ_STATE.on, services: [100, 2, 6] });

  return {
    switched: switcher.id,
    blocked: debtor.id,
    added,
    lines: [
      `Hydra: subscriber ${switcher.id} switched from service ${was} to ${to}${to === CINEMA_PLUS ? ' (Кино+)' : ''}`,
      `Hydra: subscriber ${debtor.id} locked for debt (n_subj_state_id ${SUBJ_STATE.paymentsLocked})`,
      `Hydra: new subscriber ${added}`,
    ],
  };
}
