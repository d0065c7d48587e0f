import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../../src/mapping/compile.js';
import type { MappingSpec } from '../../../src/mapping/types.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { fakeYaml } from './fake-yaml.js';
import { smartySpec } from './smarty-spec.js';

/** Compiles and returns `path: message` of every problem (fails if it compiles). */
function problems(spec: unknown): string[] {
  try {
    compileMapping(fakeYaml(spec), SMARTY_KINDS);
  } catch (e) {
    if (!(e instanceof ConfigErrors)) throw e;
    for (const err of e.errors) {
      expect(err.code).toBe('MAPPING_COMPILE');
      expect(err.position?.file).toBe('mappings/test.yaml');
    }
    return e.errors.map((err) => `${err.path}: ${err.message}${err.fix ? ` | ${err.fix}` : ''}`);
  }
  throw new Error('expected compile errors');
}

const base = smartySpec();
const withEntities = (entities: MappingSpec['entities'], extra: Partial<MappingSpec> = {}): MappingSpec => ({
  source: 'hydra',
  target: 'smarty',
  entities,
  ...extra,
});

describe('compileMapping checks', () => {
  it('compiles the reference spec', () => {
    const m = compileMapping(fakeYaml(base), SMARTY_KINDS);
    expect(m.source).toBe('hydra');
    expect(m.target).toBe('smarty');
    expect(m.file).toBe('mappings/test.yaml');
  });

  it('rejects unknown kinds with a suggestion', () => {
    expect(problems(withEntities({ custmer: { key: '{{ id }}' } }))).toEqual([
      "entities.custmer: 'custmer' is not a kind of target smarty — did you mean 'customer'? | entity names are the target's kinds: customer, account, device, transaction",
    ]);
  });

  it('checks parents against the kind', () => {
    expect(problems(withEntities({ customer: { key: '{{ id }}', parent: 'account' }, account: { key: '{{ account }}' } }))).toEqual([
      "entities.customer.parent: customer has no parent on target smarty, but the mapping says 'account' | remove parent",
    ]);
    expect(problems(withEntities({ customer: { key: '{{ id }}' }, account: { key: '{{ account }}', parent: 'device' } }))).toEqual([
      "entities.account.parent: the parent of account on target smarty is 'customer', not 'device' | write parent: customer",
    ]);
    expect(problems(withEntities({ account: { key: '{{ account }}' } }))).toEqual([
      "entities.account: account belongs to a customer on target smarty, but the mapping has no 'customer' entity | add entities.customer with its key",
    ]);
  });

  it('rejects unknown attrs listing the allowed ones, with did-you-mean', () => {
    const [p] = problems(withEntities({ customer: { key: '{{ id }}', attrs: { lastnme: '{{ name.last }}' } } }));
    expect(p).toMatch(/^entities\.customer\.attrs\.lastnme: customer on target smarty has no attribute 'lastnme' — did you mean 'lastname'\? \| allowed: firstname, middlename, lastname, comment/);
  });

  it('type-checks literal values and reports template errors with the column', () => {
    const spec = withEntities({
      customer: { key: '{{ id }}', attrs: { comment: '{{ id | uper }}' } },
      account: { key: '{{ account }}', attrs: { active: 'sometimes', password: 'abc', allow_multiple_login: 'yes' } },
    });
    expect(problems(spec)).toEqual([
      "entities.customer.attrs.comment: customer attr 'comment': unknown function 'uper' (functions: upper, lower, trim, digits, default, first, last, join, split, replace, prefix, suffix, slice, truncate, length, phone, lower_email, words) — did you mean 'upper'? (column 9 of '{{ id | uper }}')",
      "entities.account.attrs.active: account attr 'active' is a boolean: 'sometimes' is not a yes/no value (use true/false, yes/no, 1/0)",
      "entities.account.attrs.password: account attr 'password' is an integer: 'abc' is not a whole number",
    ]);
  });

  it('refuses constant keys and broken key templates', () => {
    expect(problems(withEntities({ customer: { key: 'fixed' } }))).toEqual([
      "entities.customer.key: the key of customer is a constant, so every subscriber would map to the same customer | use a template such as '{{ id }}'",
    ]);
    expect(problems(withEntities({ customer: { key: '{{ idd }}' } }))[0]).toMatch(
      /^entities\.customer\.key: customer key: a subscriber has no field 'idd'.*did you mean 'id'\? \(column 4 of '\{\{ idd \}\}'\)$/,
    );
  });

  it('checks status keys, the status entity and its attrs', () => {
    expect(problems({ ...base, status: { entity: 'acount', map: {} } })).toEqual([
      "status.entity: status applies to 'acount', which is not an entity of this mapping — did you mean 'account'? | use one of: customer, account",
    ]);
    expect(
      problems({ ...base, status: { entity: 'account', map: { blocked: { active: false }, active: { activ: true } }, default: { active: 'no', reason: 'x' } } }),
    ).toEqual([
      "status.map.blocked: 'blocked' is not a subscriber status | statuses are: active, blocked_debt, blocked_user, blocked_manager, blocked_traffic, off",
      "status.map.active.activ: account has no attribute 'activ' — did you mean 'active'? | allowed: active, status_reason, account_ext_id, allow_multiple_login, allow_login_by_abonement, allow_login_by_device_uid, allow_login_by_ip, password",
      "status.default.reason: account has no attribute 'reason' | allowed: active, status_reason, account_ext_id, allow_multiple_login, allow_login_by_abonement, allow_login_by_device_uid, allow_login_by_ip, password",
    ]);
  });

  it('checks the tariffs entity, set, integer keys, duplicates and ignore overlaps', () => {
    const t = base.tariffs!;
    expect(problems({ ...base, tariffs: { ...t, entity: 'device' } })[0]).toMatch(/^tariffs\.entity: tariffs go to 'device', which is not an entity/);
    expect(problems({ ...base, tariffs: { ...t, entity: 'account' } })).toEqual([
      "tariffs.set: account has no set 'tariffs' | account has no sets; put tariffs on another entity",
    ]);
    expect(problems({ ...base, tariffs: { ...t, set: 'tarifs' } })).toEqual([
      "tariffs.set: customer has no set 'tarifs' — did you mean 'tariffs'? | sets of customer: tariffs",
    ]);
    expect(problems({ ...base, tariffs: { ...t, table: { hd: [1], '3': [2, 1] }, ignore: [2] } })).toEqual([
      // JS puts integer-like keys first, so '3' is checked before 'hd'.
      'tariffs.table.3.0: service 2 is both mapped to tariff 3 and in tariffs.ignore | remove it from one of them',
      "tariffs.table.hd: tariff 'hd' is not a number, but customer tariffs are numeric ids",
    ]);
    expect(problems({ ...base, tariffs: { ...t, table: { '2': [1, 2], '3': ['2'] } } })).toEqual([
      'tariffs.table.3.0: service 2 is listed under tariff 2 and tariff 3 | a source service may give one target tariff only; remove one of them',
    ]);
  });

  it('checks filters', () => {
    expect(problems({ ...base, filter: [{ field: 'status', eq: 'x' }, { field: 'stauts', eq: 'x' }, { field: 'id', matches: '[' }] })).toEqual([
      "filter.1.field: filter: a subscriber has no field 'stauts' (fields: source, id, account, name, status, services, contacts, address, devices, payments, raw) — did you mean 'status'? (column 1 of 'stauts')",
      'filter.2.matches: filter: invalid regular expression: missing closing ]: `[`',
    ]);
  });

  it('requires attrs that the kind marks required', () => {
    const kinds = [{ kind: 'account', keyType: 'string' as const, attrs: { username: { type: 'string' as const, required: true } }, sets: {} }];
    expect(() => compileMapping(fakeYaml({ source: 's', target: 't', entities: { account: { key: '{{ id }}' } } }), kinds)).toThrow(ConfigErrors);
    try {
      compileMapping(fakeYaml({ source: 's', target: 't', entities: { account: { key: '{{ id }}' } } }), kinds);
    } catch (e) {
      expect((e as ConfigErrors).errors.map((x) => x.message)).toEqual([
        "account needs attribute 'username' on target t, but the mapping does not set it",
      ]);
    }
  });

  it('reports an empty entities section', () => {
    expect(problems(withEntities({}))).toEqual(['entities: the mapping has no entities | add at least one of: customer, account, device, transaction']);
  });

  it('formats every problem with file:line:col', () => {
    try {
      compileMapping(fakeYaml(withEntities({ custmer: { key: '{{ id }}' } })), SMARTY_KINDS);
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigErrors).format()).toMatch(/^mappings\/test\.yaml:3:1 entities\.custmer: 'custmer' is not a kind/);
    }
  });
});
