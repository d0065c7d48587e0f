/**
 * Compiles `entities.<kind>.meta`: keys of the entity's JSON object attribute (Smarty customer
 * `meta`), each the attribute `meta.<key>`. And the rule that keeps a balance from being shown
 * twice: where the target makes its own balance out of the transactions it is sent, a mapping
 * may not also write a balance into meta.
 */
import { META_KEY, metaAttr, type KindSpec } from '../model/kind.js';
import type { CompileContext } from './compile-context.js';
import type { CompiledAttr } from './compiled.js';
import type { MappingSpec } from './types.js';

type MetaValues = Readonly<Record<string, string | number | boolean | null>>;

/** The meta keys of one entity as attrs `meta.<key>`; problems recorded, bad keys left out. */
export function compileMeta(ctx: CompileContext, target: string, name: string, spec: KindSpec, meta: MetaValues | undefined): CompiledAttr[] {
  if (meta === undefined) return [];
  const at = ['entities', name, 'meta'];
  if (spec.meta === undefined) {
    ctx.problem(at, `${name} on target ${target} has no meta object`, 'remove meta (on Smarty, customers have one)');
    return [];
  }
  const out: CompiledAttr[] = [];
  for (const [key, raw] of Object.entries(meta)) {
    if (!META_KEY.test(key)) {
      ctx.problem([...at, key], `meta key '${key}' is not a word (letters, digits, _; at most 64)`, 'name it like balance or tariff_name');
      continue;
    }
    const a = ctx.attr([...at, key], raw, metaAttr(key), spec.meta.value, `${name} meta '${key}'`);
    if (a) out.push(a);
  }
  return out;
}

/** A meta key, or a value read from a source field, that is a balance (`balance`, Hydra `n_sum_bal`, `баланс`). */
const BALANCE = /bal|баланс/i;

/**
 * Where the subscriber's balance comes from transactions on the target — this mapping sends
 * payments as transactions, or the target keeps its own billing (`ledger`, Smarty mode
 * transactional) — a meta key that shows a balance would show the same money a second time,
 * and wrongly as soon as the two disagree. Such a key is refused; it is recognised by its name
 * or by the source field it reads, which is why the message asks for neither to be disguised.
 */
export function checkBalanceShownOnce(ctx: CompileContext, spec: MappingSpec, ledger: boolean): void {
  const transactions = spec.transactions !== undefined;
  if (!transactions && !ledger) return;
  const why = transactions
    ? `this mapping also sends payments as transactions (its transactions: section), and ${spec.target}'s balance is the sum of those`
    : `target ${spec.target} keeps its own balance from transactions (mode transactional)`;
  for (const [name, e] of Object.entries(spec.entities ?? {})) {
    for (const [key, raw] of Object.entries(e.meta ?? {})) {
      if (!BALANCE.test(key) && !(typeof raw === 'string' && BALANCE.test(raw))) continue;
      ctx.problem(
        ['entities', name, 'meta', key],
        `meta '${key}' shows a balance, but ${why}: the subscriber would see the money twice`,
        transactions
          ? `show the billing's balance one way: remove meta.${key}, or remove transactions: and let meta carry the balance (mode full)`
          : `remove meta.${key}: in mode transactional the balance on screen is ${spec.target}'s own`,
      );
    }
  }
}
