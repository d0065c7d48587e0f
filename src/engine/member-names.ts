/**
 * Puts names on the members a plan touches (`+3 Дополнительный`): the mapping's
 * `tariffs.names` over the target's catalogue (Target.memberNames, e.g. Smarty `tariff/list`),
 * the catalogue cached in the store. Names are for people only: a catalogue that cannot be read
 * costs the names (a warning), never the plan.
 */
import { mergeMemberNames, type MemberNames } from '../model/member-names.js';
import type { Plan } from '../model/plan.js';
import type { Runtime } from './runtime.js';

/** A cached catalogue older than this is read again (tariffs are renamed rarely). */
export const CATALOGUE_MAX_AGE_MS = 60 * 60 * 1000;
/** A catalogue read may take this long before the plan goes on without it. */
const CATALOGUE_TIMEOUT_MS = 10_000;

export interface MemberNamesOptions {
  /** Read every catalogue again (`plan --refresh`). */
  readonly refresh?: boolean;
  readonly now?: Date;
}

/** `plan` with `memberNames` for the members its ops touch; `plan` itself when none are known. */
export async function withMemberNames(rt: Runtime, plan: Plan, opts: MemberNamesOptions = {}): Promise<Plan> {
  const wanted = membersTouched(plan);
  const out: Record<string, MemberNames> = {};
  for (const [target, sets] of wanted) {
    const fromMapping = mappingNames(rt, target);
    const fromCatalogue = await catalogue(rt, target, opts);
    const names = mergeMemberNames(fromCatalogue, fromMapping, sets);
    if (Object.keys(names).length > 0) out[target] = names;
  }
  return Object.keys(out).length === 0 ? plan : { ...plan, memberNames: out };
}

/** Per target, `kind.set` → the members added, removed, or lost with a deleted entity. */
function membersTouched(plan: Plan): Map<string, Map<string, Set<string>>> {
  const out = new Map<string, Map<string, Set<string>>>();
  const add = (target: string, set: string, member: string): void => {
    let sets = out.get(target);
    if (!sets) out.set(target, (sets = new Map()));
    let members = sets.get(set);
    if (!members) sets.set(set, (members = new Set()));
    members.add(member);
  };
  for (const op of plan.ops) {
    if (op.type === 'add_member' || op.type === 'remove_member') add(op.target, `${op.kind}.${op.set}`, op.member);
    else if (op.type === 'delete') {
      for (const [set, members] of Object.entries(op.before.sets)) for (const m of members) add(op.target, `${op.kind}.${set}`, m);
    }
  }
  return out;
}

function mappingNames(rt: Runtime, target: string): MemberNames {
  const out: Record<string, Record<string, string>> = {};
  for (const m of rt.mappings) {
    if (m.target !== target) continue;
    for (const [set, names] of Object.entries(m.memberNames)) Object.assign((out[set] ??= {}), names);
  }
  return out;
}

/** The target's catalogue: from the store while fresh, else read (and stored); {} when unknown. */
async function catalogue(rt: Runtime, target: string, opts: MemberNamesOptions): Promise<MemberNames> {
  const now = opts.now ?? new Date();
  const cached = await rt.store.getMemberNames(target);
  const adapter = rt.targets.get(target);
  const fresh = cached !== null && now.getTime() - Date.parse(cached.fetchedAt) < CATALOGUE_MAX_AGE_MS;
  if (!adapter?.memberNames || (fresh && !opts.refresh)) return cached?.names ?? {};
  try {
    const names = await withTimeout(adapter.memberNames(), CATALOGUE_TIMEOUT_MS);
    await rt.store.putMemberNames(target, now.toISOString(), names);
    return names;
  } catch (err) {
    rt.logger.warn({ target, err: err instanceof Error ? err.message : String(err) }, 'could not read the target catalogue: the plan shows member ids without names');
    return cached?.names ?? {};
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
