/**
 * The SmartYard emulator as `billsync emulators` and the demo start it, behind the factory its
 * adapter's descriptor points at lazily (config/adapter-descriptor.ts EmulatorFactory, matched
 * structurally: this folder imports no adapter or config code).
 */
import { createSmartyardEmulator } from './server.js';

/** Empty: the devices and doors come from the operator's inventory (inventory/smartyard.yaml). */
export const smartyardEmulator = {
  create: () => createSmartyardEmulator(),
  env: (url: string) => ({ SMARTYARD_URL: url }),
};
