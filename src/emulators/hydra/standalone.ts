/**
 * The Hydra emulator as `billsync emulators` and the demo start it, behind the factory its
 * adapter's descriptor points at lazily (config/adapter-descriptor.ts EmulatorFactory, matched
 * structurally: this folder imports no adapter or config code).
 */
import { createHydraEmulator, DEFAULT_LOGIN, DEFAULT_PASSWORD } from './server.js';

export const hydraEmulator = {
  create: (opts: { readonly subscribers: number; readonly seed: number }) => createHydraEmulator({ customers: opts.subscribers, seed: opts.seed }),
  env: (url: string) => ({ HYDRA_URL: url, HYDRA_LOGIN: DEFAULT_LOGIN, HYDRA_PASSWORD: DEFAULT_PASSWORD }),
};
