/**
 * Hydra's service catalog the generator draws from; the names, cities and streets are the
 * billing emulators' common words (../kit/dictionary.ts).
 */
export { CITIES, FEMALE_NAMES, MALE_NAMES, PATRONYMICS, STREETS, SURNAMES, femaleSurname } from '../kit/dictionary.js';

/** Catalog item kinds, so the generator can pick by role. */
export type CatalogRole = 'tv_base' | 'tv_addon' | 'internet' | 'phone';

export interface CatalogSeed {
  readonly id: number;
  readonly name: string;
  readonly code: string;
  readonly role: CatalogRole;
}

/**
 * Service catalog. Ids 1–4 are TV base packages, 5–8 TV add-ons, 100/101 internet and 102
 * telephony; real installs use large per-install ids, small ones keep mapping examples readable.
 */
export const CATALOG: readonly CatalogSeed[] = [
  { id: 1, name: 'Базовый', code: 'TV_BASE', role: 'tv_base' },
  { id: 2, name: 'Расширенный', code: 'TV_EXTENDED', role: 'tv_base' },
  { id: 3, name: 'Премиум', code: 'TV_PREMIUM', role: 'tv_base' },
  { id: 4, name: 'Социальный', code: 'TV_SOCIAL', role: 'tv_base' },
  { id: 5, name: 'Кино+', code: 'TV_CINEMA', role: 'tv_addon' },
  { id: 6, name: 'Детский', code: 'TV_KIDS', role: 'tv_addon' },
  { id: 7, name: 'Спорт+', code: 'TV_SPORT', role: 'tv_addon' },
  { id: 8, name: 'Матч Премьер', code: 'TV_MATCH', role: 'tv_addon' },
  { id: 100, name: 'Интернет 100', code: 'INET_100', role: 'internet' },
  { id: 101, name: 'Интернет 500', code: 'INET_500', role: 'internet' },
  { id: 102, name: 'Телефония', code: 'PHONE', role: 'phone' },
];
