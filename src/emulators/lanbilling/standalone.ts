/**
 * The LANBilling emulator as `billsync emulators` and the demo start it, behind the factory its
 * adapter's descriptor points at lazily (config/adapter-descriptor.ts EmulatorFactory, matched
 * structurally: this folder imports no adapter or config code).
 */
import { createLanbillingEmulator, DEFAULT_LOGIN, DEFAULT_PASSWORD, type LanbillingEmulator } from './server.js';

export const lanbillingEmulator = {
  create(opts: { readonly subscribers: number; readonly seed: number }): LanbillingEmulator {
    const emulator = createLanbillingEmulator({ vgroups: opts.subscribers, seed: opts.seed });
    giveMostUsersAnEmail(emulator);
    return emulator;
  },
  env: (url: string) => ({ LANBILLING_URL: url, LANBILLING_LOGIN: DEFAULT_LOGIN, LANBILLING_PASSWORD: DEFAULT_PASSWORD }),
};

/**
 * The generator leaves 15% of LANBilling users without an e-mail, and Smotreshka requires one:
 * a demo that lists dozens of the same skip reason hides the plan. Four in five of them get an
 * address; the rest still show how such subscribers are skipped.
 */
export function giveMostUsersAnEmail(lanbilling: LanbillingEmulator): void {
  let without = 0;
  for (const a of lanbilling.state.data.accounts.values()) {
    if (a.email === '' && without++ % 5 !== 0) lanbilling.state.setEmail(a.uid, `user${a.uid}@mail.example`, true);
  }
}
