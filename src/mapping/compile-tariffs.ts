/**
 * Compiles the `tariffs:` section: the table (target tariff ← source service ids) is checked
 * and inverted once into source service id → target member key.
 */
import type { CompileContext } from './compile-context.js';
import type { EntityDraft } from './compile-entities.js';
import type { CompiledTariffs } from './compiled.js';
import { didYouMean } from '../util/suggest.js';
import { resolveSetSection } from './compile-set-section.js';
import type { TariffMappingSpec } from './types.js';

const DIGITS = /^\d+$/;

/** Checks the tariffs section; returns the compiled table and its entity, or undefined. */
export function compileTariffs(
  ctx: CompileContext,
  t: TariffMappingSpec,
  entities: readonly EntityDraft[],
): { readonly entity: string; readonly tariffs: CompiledTariffs } | undefined {
  const resolved = resolveSetSection(ctx, 'tariffs', t, entities);
  if (resolved === undefined) return undefined;
  const { entity, set: setSpec } = resolved;
  const integerMembers = setSpec.memberType === 'integer';
  const ignore = new Set((t.ignore ?? []).map(String));
  const bySource = new Map<string, string>();
  let ok = true;
  for (const [tariff, ids] of Object.entries(t.table ?? {})) {
    let member = tariff;
    if (integerMembers) {
      if (!DIGITS.test(tariff)) {
        ctx.problem(['tariffs', 'table', tariff], `tariff '${tariff}' is not a number, but ${entity.name} ${t.set} are numeric ids`);
        ok = false;
        continue;
      }
      // '02' and '2' are the same tariff on the target; keep one spelling so diffs agree.
      member = String(Number(tariff));
    }
    ids.forEach((raw, i) => {
      const id = String(raw);
      const other = bySource.get(id);
      if (other !== undefined && other !== member) {
        ctx.problem(
          ['tariffs', 'table', tariff, i],
          `service ${id} is listed under tariff ${other} and tariff ${tariff}`,
          'a source service may give one target tariff only; remove one of them',
        );
        ok = false;
      } else if (ignore.has(id)) {
        ctx.problem(
          ['tariffs', 'table', tariff, i],
          `service ${id} is both mapped to tariff ${tariff} and in tariffs.ignore`,
          'remove it from one of them',
        );
        ok = false;
      }
      bySource.set(id, member);
    });
  }
  const members = new Set([...Object.keys(t.table ?? {})].map((k) => (integerMembers && DIGITS.test(k) ? String(Number(k)) : k)));
  const base = compileBase(ctx, t, new Set(bySource.values()), integerMembers);
  const names = compileNames(ctx, t, members, integerMembers);
  if (!ok || base === false || names === undefined) return undefined;
  return {
    entity: entity.name,
    tariffs: {
      set: t.set,
      integerMembers,
      bySource,
      ignore,
      // Safest default: an unknown service skips the subscriber rather than dropping a tariff.
      unmapped: t.unmapped ?? 'skip',
      base,
      requireBase: base !== undefined && t.require_base === true,
      names,
      position: ctx.doc.positionOf(['tariffs']),
    },
  };
}

/**
 * Checks `base` / `require_base`: every base id must be a tariff of the table (a typo would
 * silently disable the one-base rule). Returns the member keys, undefined without `base`, or
 * false after reporting a problem.
 */
function compileBase(
  ctx: CompileContext,
  t: TariffMappingSpec,
  tariffs: ReadonlySet<string>,
  integerMembers: boolean,
): ReadonlySet<string> | undefined | false {
  if (t.base === undefined) {
    if (t.require_base === true) {
      ctx.problem(['tariffs', 'require_base'], 'require_base needs tariffs.base to say which tariffs are base ones', 'list the base tariff ids under tariffs.base');
      return false;
    }
    return undefined;
  }
  const out = new Set<string>();
  let ok = true;
  t.base.forEach((raw, i) => {
    const id = String(raw);
    const member = integerMembers && DIGITS.test(id) ? String(Number(id)) : id;
    if (!tariffs.has(member)) {
      ctx.problem(
        ['tariffs', 'base', i],
        `base tariff '${id}' is not a tariff of tariffs.table${didYouMean(id, [...tariffs])}`,
        'base lists target tariff ids, the keys of tariffs.table',
      );
      ok = false;
    }
    out.add(member);
  });
  return ok ? out : false;
}

/**
 * Checks `names`: each named tariff must be a key of the table (a name for a typo would never
 * show, and the operator would think it did). Undefined after reporting a problem.
 */
function compileNames(ctx: CompileContext, t: TariffMappingSpec, members: ReadonlySet<string>, integerMembers: boolean): ReadonlyMap<string, string> | undefined {
  const names = new Map<string, string>();
  let ok = true;
  for (const [tariff, name] of Object.entries(t.names ?? {})) {
    const member = integerMembers && DIGITS.test(tariff) ? String(Number(tariff)) : tariff;
    if (!members.has(member)) {
      ctx.problem(
        ['tariffs', 'names', tariff],
        `tariffs.names names tariff '${tariff}', which is not a tariff of tariffs.table${didYouMean(tariff, [...members])}`,
        'name only target tariff ids, the keys of tariffs.table',
      );
      ok = false;
      continue;
    }
    names.set(member, name);
  }
  return ok ? names : undefined;
}
