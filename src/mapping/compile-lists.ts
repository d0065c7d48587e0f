/**
 * Compiles the list sections — `devices:` (one device entity per UID) and `transactions:` (one
 * transaction entity per payment) — against the target's kinds: the kind must exist and hang
 * off the named entity, its attrs must be the kind's.
 */
import type { KindSpec } from '../model/kind.js';
import { didYouMean } from '../util/suggest.js';
import { compileSafeRegex, type SafeRegex, SafeRegexError } from './safe-regex.js';
import type { CompileContext } from './compile-context.js';
import type { EntityDraft } from './compile-entities.js';
import type { CompiledAttr, CompiledDevices, CompiledTransactions, CompiledValue } from './compiled.js';
import type { DevicesMappingSpec, StatusMappingSpec, TransactionsMappingSpec } from './types.js';

type Section = 'devices' | 'transactions';

/** The list kind and its owning entity, or undefined after recording the problem. */
function resolve(
  ctx: CompileContext,
  section: Section,
  spec: { readonly entity: string; readonly kind?: string },
  fallbackKind: string,
  entities: readonly EntityDraft[],
  kinds: readonly KindSpec[],
  target: string,
): { owner: EntityDraft; ownerIndex: number; kind: KindSpec } | undefined {
  const kindName = spec.kind ?? fallbackKind;
  const kind = kinds.find((k) => k.kind === kindName);
  if (kind === undefined) {
    ctx.problem([section, spec.kind === undefined ? 'entity' : 'kind'], `target ${target} has no kind '${kindName}'${didYouMean(kindName, kinds.map((k) => k.kind))}`, `${section} need a target with ${kindName}s (Smarty)`);
    return undefined;
  }
  const ownerIndex = entities.findIndex((e) => e.name === spec.entity);
  const owner = entities[ownerIndex];
  if (owner === undefined) {
    const names = entities.map((e) => e.name);
    ctx.problem([section, 'entity'], `${section} go to '${spec.entity}', which is not an entity of this mapping${didYouMean(spec.entity, names)}`, `use entity: ${kind.parent ?? names.join(' | ')}`);
    return undefined;
  }
  if (kind.parent !== owner.name) {
    ctx.problem([section, 'entity'], `a ${kind.kind} on target ${target} belongs to a ${kind.parent ?? 'nothing'}, not to a ${owner.name}`, `write entity: ${kind.parent}`);
    return undefined;
  }
  return { owner, ownerIndex, kind };
}

function attrsOf(ctx: CompileContext, section: Section, kind: KindSpec, raw: Readonly<Record<string, unknown>> | undefined): CompiledAttr[] {
  const out: CompiledAttr[] = [];
  for (const [name, value] of Object.entries(raw ?? {})) {
    const spec = kind.attrs[name];
    if (spec === undefined) {
      const names = Object.keys(kind.attrs);
      ctx.problem([section, 'attrs', name], `${kind.kind} has no attribute '${name}'${didYouMean(name, names)}`, `attributes of ${kind.kind}: ${names.join(', ')}`);
      continue;
    }
    const a = ctx.attr([section, 'attrs', name], value, name, spec, `${kind.kind} attr '${name}'`);
    if (a) out.push(a);
  }
  return out;
}

export function compileDevices(
  ctx: CompileContext,
  d: DevicesMappingSpec,
  entities: readonly EntityDraft[],
  kinds: readonly KindSpec[],
  target: string,
  status: StatusMappingSpec | undefined,
): CompiledDevices | undefined {
  const r = resolve(ctx, 'devices', d, 'device', entities, kinds, target);
  if (r === undefined) return undefined;
  const uids: CompiledValue | undefined = ctx.value(['devices', 'uids'], d.uids, 'device uids');
  const attrs = attrsOf(ctx, 'devices', r.kind, d.attrs);
  for (const [name, a] of Object.entries(r.kind.attrs)) {
    if (a.required && !attrs.some((x) => x.name === name)) {
      ctx.problem(['devices'], `a ${r.kind.kind} on target ${target} needs attribute '${name}', but devices.attrs does not set it`, `add devices.attrs.${name}`);
    }
  }
  let matches: SafeRegex | undefined;
  if (d.matches !== undefined) {
    try {
      // Linear time whatever the pattern, like filter's matches (safe-regex.ts).
      matches = compileSafeRegex(d.matches);
    } catch (e) {
      if (!(e instanceof SafeRegexError)) throw e;
      ctx.problem(['devices', 'matches'], `invalid regular expression: ${e.message}`, "UIDs are matched as aa:bb:cc:dd:ee:ff, e.g. matches: '^00:1a:79:'");
      return undefined;
    }
  }
  const login = d.login_attr;
  if (login !== undefined) {
    const spec = r.owner.spec.attrs[login];
    if (spec?.type !== 'boolean') {
      ctx.problem(['devices', 'login_attr'], `${r.owner.name} has no true/false attribute '${login}'`, 'on Smarty: login_attr: allow_login_by_device_uid');
      return undefined;
    }
    const setElsewhere = r.owner.attrs.some((a) => a.name === login) || (status?.entity === r.owner.name && Object.values(status.map).some((m) => login in m));
    if (setElsewhere) {
      ctx.problem(['devices', 'login_attr'], `${r.owner.name}.${login} is set by entities or status already; devices.login_attr would fight it`, `remove ${login} from entities.${r.owner.name}.attrs (or drop login_attr)`);
      return undefined;
    }
  }
  if (uids === undefined) return undefined;
  return { kind: r.kind.kind, ownerIndex: r.ownerIndex, uids, attrs, loginAttr: login, checkKey: r.kind.keyLimits?.maxLength ?? 255, matches, position: ctx.doc.positionOf(['devices']) };
}

export function compileTransactions(
  ctx: CompileContext,
  t: TransactionsMappingSpec,
  entities: readonly EntityDraft[],
  kinds: readonly KindSpec[],
  target: string,
): CompiledTransactions | undefined {
  const r = resolve(ctx, 'transactions', t, 'transaction', entities, kinds, target);
  if (r === undefined) return undefined;
  return {
    kind: r.kind.kind,
    ownerIndex: r.ownerIndex,
    prefix: t.id_prefix ?? '',
    comment: t.comment,
    maxKey: r.kind.keyLimits?.maxLength ?? 255,
    position: ctx.doc.positionOf(['transactions']),
  };
}
