import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../../src/mapping/compile.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { fakeYaml } from './fake-yaml.js';
import { smartySpec } from './smarty-spec.js';

const withNames = (names: Record<string, string>) => {
  const s = smartySpec();
  return { ...s, tariffs: { ...s.tariffs!, table: { '2': [1], '3': [5] }, names } };
};

describe('tariffs.names', () => {
  it('gives the plans their names by kind.set, numeric ids spelled as the table spells them', () => {
    const m = compileMapping(fakeYaml(withNames({ '02': 'Базовый', '3': 'Дополнительный' })), SMARTY_KINDS);
    expect(m.memberNames).toEqual({ 'customer.tariffs': { '2': 'Базовый', '3': 'Дополнительный' } });
  });

  it('refuses a name for a tariff the table does not have, with a did-you-mean', () => {
    try {
      compileMapping(fakeYaml(withNames({ '33': 'Опечатка' })), SMARTY_KINDS);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigErrors);
      const [err] = (e as ConfigErrors).errors;
      expect(err?.path).toBe('tariffs.names.33');
      expect(err?.message).toMatch(/names tariff '33', which is not a tariff of tariffs\.table — did you mean '3'\?/);
    }
  });

  it('is empty when the mapping names nothing', () => {
    expect(compileMapping(fakeYaml(smartySpec()), SMARTY_KINDS).memberNames).toEqual({});
  });
});
