import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/config/load.js';
import { compileMapping } from '../../../src/mapping/compile.js';
import type { MappingSpec } from '../../../src/mapping/types.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { SMOTRESHKA_KINDS } from '../../../src/targets/smotreshka/kinds.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { fakeYaml } from './fake-yaml.js';
import { smartySpec } from './smarty-spec.js';

function withMeta(meta: Record<string, string | number | boolean | null>, extra: Partial<MappingSpec> = {}): MappingSpec {
  const s = smartySpec();
  return { ...s, entities: { ...s.entities, customer: { ...s.entities.customer!, meta } }, ...extra };
}
function problems(spec: MappingSpec, opts: { ledger?: boolean } = {}): string[] {
  try {
    compileMapping(fakeYaml(spec, 'mappings/hydra-smarty.yaml'), SMARTY_KINDS, opts);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigErrors)) throw e;
    return e.errors.map((x) => `${x.path}: ${x.message}`);
  }
}

describe('entities.<kind>.meta', () => {
  it('maps each named key to the attribute meta.<key> of the customer, as text', () => {
    const m = compileMapping(fakeYaml(withMeta({ balance: '{{ raw.balance }}', plan: 'basic', gone: null })), SMARTY_KINDS);
    const r = m.map(aSubscriber({ raw: { balance: -12.5 } }));
    if (r.kind !== 'entities') throw new Error(r.kind);
    expect(r.entities.find((e) => e.kind === 'customer')!.attrs).toMatchObject({ 'meta.balance': '-12.5', 'meta.plan': 'basic', 'meta.gone': null });
  });

  it('refuses meta on a kind without one and keys that are not words', () => {
    expect(problems(withMeta({ 'a.b': 'x', ok: 'y' }))).toEqual(["entities.customer.meta.a.b: meta key 'a.b' is not a word (letters, digits, _; at most 64)"]);
    const s = smartySpec();
    const onAccount: MappingSpec = { ...s, entities: { ...s.entities, account: { ...s.entities.account!, meta: { x: '1' } } } };
    expect(problems(onAccount)).toEqual(['entities.account.meta: account on target smarty has no meta object']);
    const smotreshka: MappingSpec = { source: 'hydra', target: 'tv', entities: { account: { key: '{{ id }}', meta: { x: '1' } } } };
    try {
      compileMapping(fakeYaml(smotreshka), SMOTRESHKA_KINDS);
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigErrors).format()).toMatch(/entities\.account\.meta: account on target tv has no meta object/);
    }
  });
});

describe('a balance is shown once', () => {
  it('refuses a balance in meta when the same mapping sends payments as transactions, by key name or by source field', () => {
    const tx = { transactions: { entity: 'customer' } };
    expect(problems(withMeta({ balance: '{{ raw.balance }}' }, tx))).toEqual([
      "entities.customer.meta.balance: meta 'balance' shows a balance, but this mapping also sends payments as transactions (its transactions: section), and smarty's balance is the sum of those: the subscriber would see the money twice",
    ]);
    expect(problems(withMeta({ money: '{{ raw.accounts.0.n_sum_bal }}' }, tx))[0]).toMatch(/^entities\.customer\.meta\.money: meta 'money' shows a balance/);
    // Other keys are fine beside transactions; a balance is fine without them (mode full).
    expect(problems(withMeta({ plan: '{{ services.name | first }}' }, tx))).toEqual([]);
    expect(problems(withMeta({ balance: '{{ raw.balance }}' }))).toEqual([]);
  });

  it('refuses a balance in meta when the target keeps its own balance (Smarty mode transactional)', () => {
    expect(problems(withMeta({ Balance: '{{ raw.balance }}' }), { ledger: true })).toEqual([
      "entities.customer.meta.Balance: meta 'Balance' shows a balance, but target smarty keeps its own balance from transactions (mode transactional): the subscriber would see the money twice",
    ]);
  });

  it('names the mapping file and the line of the key, and the fix', () => {
    const text = [
      'source: hydra',
      'target: smarty',
      'entities:',
      '  customer:',
      "    key: '{{ id }}'",
      "    attrs: { comment: 'c' }",
      '    meta:',
      "      balance: '{{ raw.balance }}'",
      'transactions:',
      '  entity: customer',
      '',
    ].join('\n');
    try {
      compileMapping(parseYaml(text, 'mappings/hydra-smarty.yaml'), SMARTY_KINDS);
      expect.unreachable();
    } catch (e) {
      const out = (e as ConfigErrors).format();
      expect(out).toMatch(/^mappings\/hydra-smarty\.yaml:8:\d+ entities\.customer\.meta\.balance: meta 'balance' shows a balance, but this mapping also sends payments as transactions \(its transactions: section\)/);
      expect(out).toMatch(/remove meta\.balance, or remove transactions:/);
    }
  });
});
