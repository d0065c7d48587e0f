/**
 * The Smotreshka emulator as `billsync emulators` and the demo start it, behind the factory its
 * adapter's descriptor points at lazily (config/adapter-descriptor.ts EmulatorFactory, matched
 * structurally: this folder imports no adapter or config code).
 */
import { createSmotreshkaEmulator } from './server.js';
import type { SmotreshkaSubscription } from './state.js';

/** Three base subscriptions (one per account) and four additional ones, as the shipped mappings use them. */
export const STANDALONE_SUBSCRIPTIONS: readonly SmotreshkaSubscription[] = [
  { id: '100', name: 'Базовый', base: true },
  { id: '102', name: 'Оптимальный', base: true },
  { id: '106', name: 'Максимальный', base: true },
  { id: '5010', name: 'Кино', base: false },
  { id: '5020', name: 'Детский', base: false },
  { id: '5030', name: 'Спорт', base: false },
  { id: '5040', name: 'Матч Премьер', base: false },
];

export const smotreshkaEmulator = {
  create: () => createSmotreshkaEmulator({ subscriptions: STANDALONE_SUBSCRIPTIONS }),
  env: (url: string) => ({ SMOTRESHKA_URL: url }),
};
