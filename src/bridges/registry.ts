/** Every bridge billsync can serve, by its key under `bridges:` in sync.yaml. */
import type { BridgeFactory } from './bridge.js';
import { usmBillingBridge } from './usm-billing/index.js';
import { smartyardBillingBridge } from './smartyard-billing/index.js';

export const BRIDGES: Readonly<Record<string, BridgeFactory>> = {
  [usmBillingBridge.name]: usmBillingBridge,
  [smartyardBillingBridge.name]: smartyardBillingBridge,
};
