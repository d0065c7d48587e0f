/**
 * The Smarty emulator as `billsync emulators` and the demo start it, behind the factory its
 * adapter's descriptor points at lazily (config/adapter-descriptor.ts EmulatorFactory, matched
 * structurally: this folder imports no adapter or config code).
 */
import { createSmartyEmulator } from './server.js';
import type { SmartyTariff } from './state.js';

/** The API key the standalone (and demo) Smarty accepts. */
export const STANDALONE_API_KEY = 'demo-smarty-key';

/** Tariffs as an operator would have set them up for the shipped mappings (their tables point at these ids). */
export const STANDALONE_TARIFFS: readonly SmartyTariff[] = [
  { id: 1, name: 'Пробный' },
  { id: 2, name: 'Базовый HD' },
  { id: 3, name: 'Дополнительный' },
];

export const smartyEmulator = {
  create: () => createSmartyEmulator({ apiKey: STANDALONE_API_KEY, tariffs: STANDALONE_TARIFFS }),
  env: (url: string) => ({ SMARTY_URL: url, SMARTY_API_KEY: STANDALONE_API_KEY }),
};
