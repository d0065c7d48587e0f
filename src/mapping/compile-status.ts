/**
 * Compiles the `status:` section: canonical status → attrs merged into one entity.
 */
import { SUBSCRIBER_STATUSES } from '../model/subscriber.js';
import type { YamlPath } from '../model/loaded-yaml.js';
import type { CompileContext } from './compile-context.js';
import type { EntityDraft } from './compile-entities.js';
import type { CompiledAttr, CompiledStatus } from './compiled.js';
import { didYouMean } from '../util/suggest.js';
import type { StatusMappingSpec } from './types.js';

type AttrMap = Readonly<Record<string, string | number | boolean | null>>;

function compileAttrs(ctx: CompileContext, at: YamlPath, attrs: AttrMap, entity: EntityDraft, via: string): CompiledAttr[] {
  const out: CompiledAttr[] = [];
  const allowed = Object.keys(entity.spec.attrs);
  for (const [name, raw] of Object.entries(attrs)) {
    const spec = Object.hasOwn(entity.spec.attrs, name) ? entity.spec.attrs[name] : undefined;
    if (spec === undefined) {
      ctx.problem(
        [...at, name],
        `${entity.name} has no attribute '${name}'${didYouMean(name, allowed)}`,
        `allowed: ${allowed.join(', ')}`,
      );
      continue;
    }
    const a = ctx.attr([...at, name], raw, name, spec, `${entity.name} attr '${name}' (${via})`);
    if (a) out.push(a);
  }
  return out;
}

/**
 * Checks the status section against the entities; returns the compiled status and the
 * name of the entity it applies to, or undefined after recording problems.
 */
export function compileStatus(
  ctx: CompileContext,
  status: StatusMappingSpec,
  entities: readonly EntityDraft[],
): { readonly entity: string; readonly status: CompiledStatus } | undefined {
  const entity = entities.find((e) => e.name === status.entity);
  if (entity === undefined) {
    const names = entities.map((e) => e.name);
    ctx.problem(
      ['status', 'entity'],
      `status applies to '${status.entity}', which is not an entity of this mapping${didYouMean(status.entity, names)}`,
      `use one of: ${names.join(', ')}`,
    );
    return undefined;
  }
  const canonical: readonly string[] = SUBSCRIBER_STATUSES;
  const byStatus = new Map<string, CompiledAttr[]>();
  for (const [key, attrs] of Object.entries(status.map ?? {})) {
    if (!canonical.includes(key)) {
      ctx.problem(
        ['status', 'map', key],
        `'${key}' is not a subscriber status${didYouMean(key, canonical)}`,
        `statuses are: ${canonical.join(', ')}`,
      );
      continue;
    }
    byStatus.set(key, compileAttrs(ctx, ['status', 'map', key], attrs, entity, `status.map.${key}`));
  }
  const fallback =
    status.default === undefined ? undefined : compileAttrs(ctx, ['status', 'default'], status.default, entity, 'status.default');
  return { entity: entity.name, status: { byStatus, fallback } };
}
