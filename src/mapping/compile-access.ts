/**
 * Compiles the `access:` section against the target's inventory: the entity and set that hold
 * access (a set of the inventory's device keys), the services that grant it, and the templates
 * that read the subscriber's house and entrance.
 */
import type { AccessIndex } from './access-index.js';
import type { CompileContext } from './compile-context.js';
import type { EntityDraft } from './compile-entities.js';
import type { CompiledAccess } from './compiled.js';
import { resolveSetSection } from './compile-set-section.js';
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
  const resolved = resolveSetSection(ctx, 'access', a, entities);
  if (resolved === undefined) return undefined;
  const { entity, set: setSpec } = resolved;
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
