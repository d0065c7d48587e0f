/**
 * Resolves the `entity:` and `set:` a set-filling section names (`tariffs:`, `access:`): the
 * entity must be one of this mapping's, the set one its kind declares. Shared so both sections
 * report a wrong name the same way, at the same paths.
 */
import type { CompileContext } from './compile-context.js';
import type { EntityDraft } from './compile-entities.js';
import type { SetSpec } from '../model/kind.js';
import { didYouMean } from '../util/suggest.js';

export interface SetSection {
  readonly entity: EntityDraft;
  readonly set: SetSpec;
}

/** The entity and set `section` fills, or undefined after recording the problem. */
export function resolveSetSection(
  ctx: CompileContext,
  section: 'tariffs' | 'access',
  spec: { readonly entity: string; readonly set: string },
  entities: readonly EntityDraft[],
): SetSection | undefined {
  const verb = section === 'tariffs' ? 'tariffs go' : 'access goes';
  const entity = entities.find((e) => e.name === spec.entity);
  if (entity === undefined) {
    const names = entities.map((e) => e.name);
    ctx.problem(
      [section, 'entity'],
      `${verb} to '${spec.entity}', which is not an entity of this mapping${didYouMean(spec.entity, names)}`,
      `use one of: ${names.join(', ')}`,
    );
    return undefined;
  }
  const sets = Object.keys(entity.spec.sets);
  const set = Object.hasOwn(entity.spec.sets, spec.set) ? entity.spec.sets[spec.set] : undefined;
  if (set === undefined) {
    ctx.problem(
      [section, 'set'],
      `${entity.name} has no set '${spec.set}'${didYouMean(spec.set, sets)}`,
      sets.length === 0 ? `${entity.name} has no sets; put ${section} on another entity` : `sets of ${entity.name}: ${sets.join(', ')}`,
    );
    return undefined;
  }
  return { entity, set };
}
