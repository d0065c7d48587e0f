/**
 * What `billsync demo` knows about each pair it can run: which emulators stand in for the
 * source and the target, what changes in billing between the two rounds, and how to count the
 * target's write calls. The demo runs the pairs sync.yaml.example lists; a new pair is one more
 * entry here.
 */
import type { EmulatedWorld } from './emulated-world.js';
import { giveMostUsersAnEmail } from '../emulators/lanbilling/standalone.js';
import { playBillingChanges } from './billing-changes.js';
import { playLanbillingChanges } from './lanbilling-changes.js';
import { playUsersideChanges } from './userside-changes.js';

export interface DemoPair {
  /** Source → target, for headings. */
  readonly title: string;
  /** The source's emulator and what it serves. */
  readonly sourceLine: (world: EmulatedWorld, count: number) => string;
  readonly targetLine: (world: EmulatedWorld) => string;
  /** The target system's name in sentences ("Smarty received 3 write calls"). */
  readonly targetName: string;
  /** Adjusts the generated billing data before the first round, for a readable demo. */
  readonly prepare?: (world: EmulatedWorld) => void;
  /** Changes billing as an operator's day would; returns one line per change. */
  readonly play: (world: EmulatedWorld, now: Date) => readonly string[];
  /** Write calls the target emulator received since the last reset. */
  readonly targetWrites: (world: EmulatedWorld) => number;
  readonly resetTarget: (world: EmulatedWorld) => void;
}

export const DEMO_PAIRS: Readonly<Record<string, DemoPair>> = {
  'hydra-smarty': {
    title: 'Hydra → Smarty',
    sourceLine: (w, n) => `Hydra emulator       ${w.env.HYDRA_URL} (${n} subscribers)`,
    targetLine: (w) => `Smarty emulator      ${w.env.SMARTY_URL}`,
    targetName: 'Smarty',
    play: (w, now) => playBillingChanges(w.hydra, now).lines,
    targetWrites: (w) => w.smarty.stats().writes,
    resetTarget: (w) => w.smarty.resetStats(),
  },
  'lanbilling-smotreshka': {
    title: 'LANBilling → Smotreshka',
    sourceLine: (w, n) => `LANBilling emulator  ${w.env.LANBILLING_URL} (${n} account entries, TV agent read)`,
    targetLine: (w) => `Smotreshka emulator  ${w.env.SMOTRESHKA_URL}`,
    targetName: 'Smotreshka',
    prepare: (w) => giveMostUsersAnEmail(w.lanbilling),
    play: (w, now) => playLanbillingChanges(w.lanbilling, now).lines,
    targetWrites: (w) => w.smotreshka.stats().writes,
    resetTarget: (w) => w.smotreshka.resetStats(),
  },
  'userside-smartyard': {
    title: 'UserSide → SmartYard',
    sourceLine: (w, n) => `UserSide emulator    ${w.env.USERSIDE_URL} (${n} customers in houses 1001–1005)`,
    targetLine: (w) => `SmartYard emulator   ${w.env.SMARTYARD_URL} (empty: devices and doors come from inventory/smartyard.yaml)`,
    targetName: 'SmartYard',
    play: (w) => playUsersideChanges(w.userside).lines,
    targetWrites: (w) => w.smartyard.stats().writes,
    resetTarget: (w) => w.smartyard.resetStats(),
  },
};

