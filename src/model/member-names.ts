/**
 * Names of set members (tariffs, subscriptions) for people: plans show `+3 Дополнительный`
 * where the target only knows `3`. Names come from the mapping (`tariffs.names`) or the
 * target's catalogue; ids stay what is diffed, applied and stored.
 */

/** `kind.set` (e.g. `customer.tariffs`) → member id → name. */
export type MemberNames = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Per target name. */
export type MemberNamesByTarget = Readonly<Record<string, MemberNames>>;

/** The name of one member, or undefined. */
export function memberName(names: MemberNamesByTarget | undefined, target: string, kind: string, set: string, member: string): string | undefined {
  return names?.[target]?.[`${kind}.${set}`]?.[member];
}

/** Members with their names where known: `3 Дополнительный`, else `3`. */
export function memberLabel(names: MemberNamesByTarget | undefined, target: string, kind: string, set: string, member: string): string {
  const name = memberName(names, target, kind, set, member);
  return name === undefined ? member : `${member} ${name}`;
}

/**
 * `over` laid over `under`, set by set (a mapping's names over the catalogue's), kept to the
 * members `wanted` lists (`kind.set` → ids) so a plan carries only the names it shows.
 */
export function mergeMemberNames(under: MemberNames, over: MemberNames, wanted: ReadonlyMap<string, ReadonlySet<string>>): MemberNames {
  const out: Record<string, Record<string, string>> = {};
  for (const [set, ids] of wanted) {
    for (const id of ids) {
      const name = over[set]?.[id] ?? under[set]?.[id];
      if (name !== undefined) (out[set] ??= {})[id] = name;
    }
  }
  return out;
}
