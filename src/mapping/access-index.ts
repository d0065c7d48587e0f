/**
 * Which target entities serve which address: the index an `access:` mapping section is compiled
 * against (built from a target's inventory, e.g. SmartYard devices by house and entrance).
 * House ids and entrances are compared in one normal form on both sides, see below. Pure.
 */

/** The devices (entity keys) of one house. */
export interface HouseEntry {
  /** Keys of entities that serve the whole house (gates, perimeter cameras). */
  readonly building: readonly string[];
  /** Normalised entrance → keys of the entities that serve it. */
  readonly entrances: ReadonlyMap<string, readonly string[]>;
}

export interface AccessIndex {
  /** The file the index was built from, for messages. */
  readonly file: string;
  /** Kind of the entities whose keys the index holds (the target's `device`). */
  readonly memberKind: string;
  /** Normalised house id → its entry. */
  readonly houses: ReadonlyMap<string, HouseEntry>;
}

/** A house id as compared: text, trimmed (`1001` and `'1001'` are the same house). */
export function normaliseHouse(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/**
 * An entrance as compared: a number without leading zeros (`'01'`, `1` and `'1'` are entrance
 * 1), other text trimmed and lower-cased (`'1А'`).
 */
export function normaliseEntrance(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).trim();
  if (s === '') return undefined;
  return /^\d{1,15}$/.test(s) ? String(Number(s)) : s.toLowerCase();
}
