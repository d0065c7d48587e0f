/**
 * The platforms' reference data the demo world's emulators serve: Smarty tariffs and Smotreshka
 * subscriptions, as an operator would have set them up for the shipped mappings (whose tariff
 * tables point at these ids).
 */
import type { SmartyTariff } from '../emulators/smarty/index.js';
import type { SmotreshkaSubscription } from '../emulators/smotreshka/index.js';

export const SMARTY_TARIFFS: readonly SmartyTariff[] = [
  { id: 1, name: 'Пробный' },
  { id: 2, name: 'Базовый HD' },
  { id: 3, name: 'Дополнительный' },
];

/** Three base subscriptions (one per account) and four additional ones. */
export const SMOTRESHKA_SUBSCRIPTIONS: readonly SmotreshkaSubscription[] = [
  { id: '100', name: 'Базовый', base: true },
  { id: '102', name: 'Оптимальный', base: true },
  { id: '106', name: 'Максимальный', base: true },
  { id: '5010', name: 'Кино', base: false },
  { id: '5020', name: 'Детский', base: false },
  { id: '5030', name: 'Спорт', base: false },
  { id: '5040', name: 'Матч Премьер', base: false },
];
