/**
 * Deterministic LANBilling test data: `generateLanbillingData(count, seed)` returns the same
 * users, vgroups and services for the same seed and `now`. 100k vgroups take about a second and
 * stay compact (records, not XML), so the emulator can serve an ISP-sized base.
 */
import { mulberry32 } from '../kit/prng.js';
import { AGENTS, CATALOG_SERVICES, CATALOGS, TARIFFS } from './catalog.js';
import { FIRST_UID, FIRST_VGID, VgroupFactory, floorSecond } from './factory.js';
import type { LbAccountRecord, LbData } from './model.js';

export interface GenerateOptions {
  /**
   * The moment services are arranged around (some start after it, some ended before it).
   * Default: the current time; pass a fixed date for identical output across runs.
   */
  readonly now?: Date;
  /** Share of vgroups that are archived (`archive` = 1); default 0.03. */
  readonly archiveShare?: number;
  /** Share of vgroups that are templates; default 0.01. */
  readonly templateShare?: number;
}

/** `count` vgroups with ids from 10001 (templates and archived ones included), reproducible from `seed`. */
export function generateLanbillingData(count: number, seed: number, opts: GenerateOptions = {}): LbData {
  const rng = mulberry32(seed);
  const now = floorSecond(opts.now?.getTime() ?? Date.now());
  const data: LbData = {
    agents: AGENTS,
    catalogs: CATALOGS,
    catalogServices: CATALOG_SERVICES,
    tariffs: TARIFFS,
    accounts: new Map(),
    vgroups: [],
    now,
    nextVgid: FIRST_VGID,
    nextUid: FIRST_UID,
    nextAgrmid: 70_001,
    nextServid: 900_001,
  };
  const factory = new VgroupFactory(rng, data);
  const archiveShare = opts.archiveShare ?? 0.03;
  const templateShare = opts.templateShare ?? 0.01;
  let last: LbAccountRecord | undefined;
  for (let i = 0; i < count; i++) {
    const vgid = data.nextVgid++;
    if (rng() < templateShare) {
      data.vgroups.push(factory.vgroup(vgid, null, now));
      continue;
    }
    // Some users have several entries (internet and TV, or two TV boxes).
    let account = last !== undefined && rng() < 0.15 ? last : undefined;
    if (!account) {
      account = factory.account(now - 3650 * 86_400_000);
      data.accounts.set(account.uid, account);
    }
    last = account;
    const vgroup = factory.vgroup(vgid, account, now);
    vgroup.archive = rng() < archiveShare;
    data.vgroups.push(vgroup);
  }
  return data;
}
