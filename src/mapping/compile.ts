/**
 * `compileMapping`: turns a loaded, schema-valid mapping file into a `CompiledMapping` whose
 * `map(subscriber)` is pure and fast. Every problem in the file is reported at once, each with
 * file:line:col, as one ConfigErrors (code MAPPING_COMPILE).
 */
import type { MemberNames } from '../model/member-names.js';
import type { LoadedYaml } from '../model/loaded-yaml.js';
import { ConfigErrors, type SourcePosition, InternalError } from '../model/errors.js';
import type { Subscriber } from '../model/subscriber.js';
import type { KindSpec } from '../model/kind.js';
import type { AccessIndex } from './access-index.js';
import { compileAccess } from './compile-access.js';
import { CompileContext } from './compile-context.js';
import { compileEntities } from './compile-entities.js';
import { compileStatus } from './compile-status.js';
import { compileTariffs } from './compile-tariffs.js';
import { compileDevices, compileTransactions } from './compile-lists.js';
import { checkBalanceShownOnce } from './compile-meta.js';
import type { CompiledEntity, CompiledSpec } from './compiled.js';
import { mapSubscriber } from './evaluate.js';
import { explainSubscriber, type MappingExplanation } from './explain.js';
import { compileCondition, type CompiledCondition } from './filter.js';
import { keyCheck } from './value-limits.js';
import type { MapResult, MappingSpec } from './types.js';

/** A mapping file ready to map subscribers of `source` into entities of `target`. */
export interface CompiledMapping {
  /** Source name in sync.yaml. */
  readonly source: string;
  /** Target name in sync.yaml. */
  readonly target: string;
  /** The mapping file, as the loader named it. */
  readonly file: string;
  /**
   * Maps one subscriber of `source`. Pure; never throws for bad subscriber data (that is a
   * `skipped` result). Throws an internal error if given a subscriber of another source.
   */
  map(sub: Subscriber): MapResult;
  /** Like `map`, also recording which rule produced each value. Slow; for `billsync explain`. */
  explain(sub: Subscriber): MappingExplanation;
  /** Member names the mapping gives (`tariffs.names`), as `kind.set` → id → name. */
  readonly memberNames: MemberNames;
}

/** What a mapping is compiled against besides the target's kinds. */
export interface CompileOptions {
  /** The target's inventory index (SmartYard devices by address), for an `access:` section. */
  readonly access?: AccessIndex;
  /**
   * The target keeps each subscriber's balance itself, from the transactions it is sent (Smarty
   * mode transactional): a meta key showing a balance is refused (compile-meta.ts).
   */
  readonly ledger?: boolean;
}

/**
 * Compiles `doc` (its `value` must be a schema-valid MappingSpec) against the target's kinds.
 * @throws ConfigErrors with every problem found, each positioned in the file.
 */
export function compileMapping(doc: LoadedYaml, kinds: readonly KindSpec[], opts: CompileOptions = {}): CompiledMapping {
  const spec = doc.value as MappingSpec;
  const ctx = new CompileContext(doc);

  const filter: CompiledCondition[] = [];
  const filterPositions: SourcePosition[] = [];
  (spec.filter ?? []).forEach((c, i) => {
    const compiled = compileCondition(c, (key, message, col) => {
      const where = col === undefined ? '' : ` (column ${col} of '${c.field}')`;
      ctx.problem(['filter', i, key], `filter: ${message}${where}`);
    });
    if (compiled) {
      filter.push(compiled);
      filterPositions.push(doc.positionOf(['filter', i]));
    }
  });

  const drafts = compileEntities(ctx, spec.target, spec.entities ?? {}, kinds);
  const status = spec.status === undefined ? undefined : compileStatus(ctx, spec.status, drafts);
  const tariffs = spec.tariffs === undefined ? undefined : compileTariffs(ctx, spec.tariffs, drafts);
  const access = spec.access === undefined ? undefined : compileAccess(ctx, spec.access, drafts, spec.target, opts.access, spec.tariffs);
  const devices = spec.devices === undefined ? undefined : compileDevices(ctx, spec.devices, drafts, kinds, spec.target, spec.status);
  const transactions = spec.transactions === undefined ? undefined : compileTransactions(ctx, spec.transactions, drafts, kinds, spec.target);
  checkBalanceShownOnce(ctx, spec, opts.ledger === true);

  // A required attr that nothing in the file can fill would skip every subscriber: say so now.
  for (const d of drafts) {
    for (const [name, a] of Object.entries(d.spec.attrs)) {
      if (!a.required) continue;
      const inEntity = d.attrs.some((x) => x.name === name);
      const inStatus =
        status?.entity === d.name &&
        [...status.status.byStatus.values(), status.status.fallback ?? []].some((list) => list.some((x) => x.name === name));
      if (!inEntity && !inStatus) {
        ctx.problem(['entities', d.name], `${d.name} needs attribute '${name}' on target ${spec.target}, but the mapping does not set it`, `add attrs.${name}`);
      }
    }
  }

  if (ctx.problems.length > 0) throw new ConfigErrors(ctx.problems);

  const index = new Map(drafts.map((d, i) => [d.name, i]));
  const entities: CompiledEntity[] = drafts.map((d) => ({
    kind: d.name,
    keyType: d.spec.keyType,
    key: d.key,
    checkKey: keyCheck(d.spec),
    parentIndex: d.parentKind === undefined ? -1 : (index.get(d.parentKind) ?? -1),
    parentKind: d.parentKind,
    attrs: d.attrs,
    required: Object.entries(d.spec.attrs)
      .filter(([, a]) => a.required === true)
      .map(([n]) => n),
    status: status?.entity === d.name ? status.status : undefined,
    tariffs: tariffs?.entity === d.name ? tariffs.tariffs : undefined,
    access: access?.entity === d.name ? access.access : undefined,
  }));
  const compiled: CompiledSpec = {
    source: spec.source,
    target: spec.target,
    file: doc.file,
    filter,
    entities,
    ...(devices ? { devices } : {}),
    ...(transactions ? { transactions } : {}),
    notices: access !== undefined,
  };

  const checkSource = (sub: Subscriber): void => {
    if (sub.source !== compiled.source) {
      throw new InternalError(
        `mapping ${doc.file} is for source ${compiled.source}, got a subscriber of ${sub.source}`,
      );
    }
  };
  // Local bindings: the hot path then calls plain closures, not module exports.
  const run = mapSubscriber;
  const source = compiled.source;
  return {
    source,
    target: compiled.target,
    file: doc.file,
    memberNames: memberNamesOf(compiled.entities),
    map(sub) {
      if (sub.source !== source) checkSource(sub);
      return run(compiled, sub);
    },
    explain(sub) {
      checkSource(sub);
      return explainSubscriber(compiled, filterPositions, sub);
    },
  };
}

/** `tariffs.names` of every entity with a tariffs section, keyed `kind.set`. */
function memberNamesOf(entities: readonly CompiledEntity[]): MemberNames {
  const out: Record<string, Record<string, string>> = {};
  for (const e of entities) {
    if (e.tariffs && e.tariffs.names.size > 0) out[`${e.kind}.${e.tariffs.set}`] = Object.fromEntries(e.tariffs.names);
  }
  return out;
}
