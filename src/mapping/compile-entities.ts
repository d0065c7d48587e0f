/**
 * Compiles the `entities:` section: checks every entity against the target's kinds (name,
 * parent, attrs) and orders them parents first.
 */
import type { KindSpec } from '../model/kind.js';
import type { CompileContext } from './compile-context.js';
import type { CompiledAttr, CompiledValue } from './compiled.js';
import { didYouMean } from '../util/suggest.js';
import type { EntityMappingSpec } from './types.js';
import { InternalError } from '../model/errors.js';
import { compileMeta } from './compile-meta.js';

/** An entity that passed the checks, before status and tariffs are attached. */
export interface EntityDraft {
  readonly name: string;
  readonly spec: KindSpec;
  readonly key: CompiledValue;
  readonly parentKind: string | undefined;
  readonly attrs: readonly CompiledAttr[];
}

/** Checks one entity; returns undefined when it cannot be compiled at all. */
function compileEntity(
  ctx: CompileContext,
  target: string,
  name: string,
  e: EntityMappingSpec,
  kinds: readonly KindSpec[],
  mapped: ReadonlySet<string>,
): EntityDraft | undefined {
  const at = ['entities', name];
  const spec = kinds.find((k) => k.kind === name);
  if (spec === undefined) {
    const names = kinds.map((k) => k.kind);
    ctx.problem(
      at,
      `'${name}' is not a kind of target ${target}${didYouMean(name, names)}`,
      `entity names are the target's kinds: ${names.join(', ')}`,
    );
    return undefined;
  }
  // The kind decides the parent; writing it in the mapping is optional but must agree.
  if (e.parent !== undefined && e.parent !== spec.parent) {
    ctx.problem(
      [...at, 'parent'],
      spec.parent === undefined
        ? `${name} has no parent on target ${target}, but the mapping says '${e.parent}'`
        : `the parent of ${name} on target ${target} is '${spec.parent}', not '${e.parent}'`,
      spec.parent === undefined ? 'remove parent' : `write parent: ${spec.parent}`,
    );
  }
  if (spec.parent !== undefined && !mapped.has(spec.parent)) {
    ctx.problem(
      at,
      `${name} belongs to a ${spec.parent} on target ${target}, but the mapping has no '${spec.parent}' entity`,
      `add entities.${spec.parent} with its key`,
    );
  }

  let key: CompiledValue | undefined;
  if (typeof e.key !== 'string' || !e.key.includes('{{')) {
    ctx.problem(
      [...at, 'key'],
      `the key of ${name} is a constant, so every subscriber would map to the same ${name}`,
      "use a template such as '{{ id }}'",
    );
  } else {
    key = ctx.value([...at, 'key'], e.key, `${name} key`);
  }

  const attrs: CompiledAttr[] = [];
  const allowed = Object.keys(spec.attrs);
  for (const [attr, raw] of Object.entries(e.attrs ?? {})) {
    const path = [...at, 'attrs', attr];
    const attrSpec = Object.hasOwn(spec.attrs, attr) ? spec.attrs[attr] : undefined;
    if (attrSpec === undefined) {
      ctx.problem(
        path,
        `${name} on target ${target} has no attribute '${attr}'${didYouMean(attr, allowed)}`,
        `allowed: ${allowed.join(', ')}`,
      );
      continue;
    }
    const compiled = ctx.attr(path, raw, attr, attrSpec, `${name} attr '${attr}'`);
    if (compiled) attrs.push(compiled);
  }
  attrs.push(...compileMeta(ctx, target, name, spec, e.meta));
  if (key === undefined) return undefined;
  return { name, spec, key, parentKind: spec.parent, attrs };
}

/** Compiles all entities and returns them parents first (declaration order otherwise). */
export function compileEntities(
  ctx: CompileContext,
  target: string,
  entities: Readonly<Record<string, EntityMappingSpec>>,
  kinds: readonly KindSpec[],
): EntityDraft[] {
  const names = Object.keys(entities);
  if (names.length === 0) {
    ctx.problem(['entities'], 'the mapping has no entities', `add at least one of: ${kinds.map((k) => k.kind).join(', ')}`);
  }
  const mapped = new Set(names);
  const drafts: EntityDraft[] = [];
  for (const name of names) {
    const e = entities[name];
    if (e === undefined) continue;
    const d = compileEntity(ctx, target, name, e, kinds, mapped);
    if (d) drafts.push(d);
  }
  return parentsFirst(drafts);
}

/** Declaration order, except that a parent is moved just before its first child. */
function parentsFirst(drafts: readonly EntityDraft[]): EntityDraft[] {
  const byName = new Map(drafts.map((d) => [d.name, d]));
  const out: EntityDraft[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (d: EntityDraft): void => {
    const s = state.get(d.name);
    if (s === 'done') return;
    // Kinds come from code, so a parent cycle is a bug in a target's kinds, not in the file.
    if (s === 'visiting') throw new InternalError(`parent cycle at kind ${d.name}`);
    state.set(d.name, 'visiting');
    const parent = d.parentKind === undefined ? undefined : byName.get(d.parentKind);
    if (parent) visit(parent);
    state.set(d.name, 'done');
    out.push(d);
  };
  drafts.forEach(visit);
  return out;
}
