/**
 * "Nothing destructive was applied": a probe taken before a risky apply lists, afterwards, what
 * any subscriber lost on the platform, read from the emulator's own state — a Smarty customer or
 * account gone, a tariff removed, an account deactivated (a block); a SmartYard device, door or
 * contract right gone. Creates and updates are not losses.
 */
import type { SmartyEmulator } from '../../../src/emulators/smarty/index.js';
import { diffCanon } from './canon.js';
import type { ChaosWorld } from './chaos-world.js';

/** Takes the probe now; the returned function lists what was lost since. */
export function probeLosses(w: ChaosWorld): () => string[] {
  if (w.targetName === 'smartyard') {
    const before = w.canon();
    return () => Object.entries(diffCanon(before, w.canon()).missing).flatMap(([name, items]) => items.map((i) => `${name} lost: ${i.slice(0, 200)}`));
  }
  const state = () => (w.emulator as SmartyEmulator).state;
  const before = [...state().customers.values()].map((c) => ({
    ext: c.ext_id,
    tariffs: [...c.tariffs],
    accounts: [...c.accounts].map((id) => state().accounts.get(id)!).map((a) => ({ abonement: a.abonement, active: a.flags.active })),
  }));
  return () => {
    const lost: string[] = [];
    for (const c of before) {
      const now = state().customerByExt(c.ext);
      if (!now) {
        lost.push(`customer ${c.ext} deleted`);
        continue;
      }
      for (const t of c.tariffs) if (!now.tariffs.has(t)) lost.push(`customer ${c.ext} lost tariff ${t}`);
      for (const a of c.accounts) {
        const acc = state().accountByAbon(a.abonement);
        if (!acc) lost.push(`account ${a.abonement} of ${c.ext} deleted`);
        else if (a.active && !acc.flags.active) lost.push(`account ${a.abonement} of ${c.ext} blocked`);
      }
    }
    return lost;
  };
}
