/**
 * Compiles the `access:` section against the target's inventory: the entity and set that hold
 * access (a set of the inventory's device keys), the services that grant it, and the templates
 * that read the subscriber's house and entrance.
 */
import type { AccessIndex } from './access-index.js';
import type { CompileContext } from './compile-context.js';
import type { EntityDraft } from './compile-entities.js';
import type { CompiledAccess } from './compiled.js';
import { didYouMean } from '../util/suggest.js';
import type { AccessMappingSpec, TariffMappingSpec } from './types.js';

/**
 * Checks the access section; returns the compiled form and its entity, or undefined after
 * recording problems. `index` is the target's inventory index, undefined when it has none.
 */
export function compileAccess(
  ctx: CompileContext,
  a: AccessMappingSpec,
  entities: readonly EntityDraft[],
  target: string,
  index: AccessIndex | undefined,
  tariffs: TariffMappingSpec | undefined,
): { readonly entity: string; readonly access: CompiledAccess } | undefined {
  if (index === undefined) {
    ctx.problem(['access'], `target ${target} has no inventory, so there are no devices to grant`, `add inventory: (the inventory file) under targets.${target} in sync.yaml`);
    return undefined;
  }
  const entity = entities.find((e) => e.name === a.entity);
  if (entity === undefined) {
    const names = entities.map((e) => e.name);
    ctx.problem(['access', 'entity'], `access goes to '${a.entity}', which is not an entity of this mapping${didYouMean(a.entity, names)}`, `use one of: ${names.join(', ')}`);
    return undefined;
  }
  const sets = Object.keys(entity.spec.sets);
  const setSpec = Object.hasOwn(entity.spec.sets, a.set) ? entity.spec.sets[a.set] : undefined;
  if (setSpec === undefined) {
    ctx.problem(
      ['access', 'set'],
      `${entity.name} has no set '${a.set}'${didYouMean(a.set, sets)}`,
      sets.length === 0 ? `${entity.name} has no sets; put access on another entity` : `sets of ${entity.name}: ${sets.join(', ')}`,
    );
    return undefined;
  }
  if (setSpec.memberKind !== index.memberKind) {
    ctx.problem(['access', 'set'], `${entity.name}.${a.set} does not hold ${index.memberKind} keys, so it cannot hold the inventory's devices`, `use the set of ${index.memberKind}s`);
    return undefined;
  }
  if (tariffs?.entity === a.entity && tariffs.set === a.set) {
    ctx.problem(['access', 'set'], `${entity.name}.${a.set} is filled by tariffs: already`, 'give access and tariffs different sets');
    return undefined;
  }
  const house = ctx.value(['access', 'house'], a.house, 'access house');
  const entrance = a.entrance === undefined ? undefined : ctx.value(['access', 'entrance'], a.entrance, 'access entrance');
  if (house === undefined || (a.entrance !== undefined && entrance === undefined)) return undefined;
  return {
    entity: entity.name,
    access: {
      set: a.set,
      services: new Set((a.services ?? []).map(String)),
      house,
      entrance,
      index,
      position: ctx.doc.positionOf(['access']),
    },
  };
}
