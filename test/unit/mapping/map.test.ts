import { describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/model/entity.js';
import { compileMapping } from '../../../src/mapping/compile.js';
import type { MappingSpec } from '../../../src/mapping/types.js';
import type { KindSpec } from '../../../src/model/kind.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { fakeYaml } from './fake-yaml.js';
import { smartySpec } from './smarty-spec.js';
import { InternalError } from '../../../src/model/errors.js';

const compile = (spec: MappingSpec = smartySpec(), kinds: readonly KindSpec[] = SMARTY_KINDS) =>
  compileMapping(fakeYaml(spec, 'mappings/hydra-smarty.yaml'), kinds);

const origin = { source: 'hydra', id: '42' };

function expected(overrides: { customer?: Partial<Entity>; account?: Partial<Entity> } = {}): Entity[] {
  return [
    {
      target: 'smarty',
      kind: 'customer',
      key: '42',
      attrs: {
        firstname: 'Иван',
        lastname: 'Иванов',
        comment: 'USER_42',
        mobile_phone_number: '79123456789',
        postal_address_apt: '17',
      },
      sets: { tariffs: ['2'] },
      origin,
      ...overrides.customer,
    },
    {
      target: 'smarty',
      kind: 'account',
      key: '100042',
      attrs: {
        allow_login_by_abonement: true,
        allow_login_by_device_uid: false,
        account_ext_id: '42',
        active: true,
        status_reason: 'ACTIVE',
      },
      sets: {},
      parent: { kind: 'customer', key: '42' },
      origin,
      ...overrides.account,
    },
  ];
}

describe('map', () => {
  it('maps a subscriber into parent-first entities', () => {
    expect(compile().map(aSubscriber())).toEqual({ kind: 'entities', entities: expected() });
  });

  it('orders parents first even when the file lists the child first', () => {
    const spec = smartySpec();
    const { account, customer } = spec.entities;
    const reordered = { ...spec, entities: { account: account!, customer: customer! } };
    const r = compile(reordered).map(aSubscriber());
    expect(r.kind === 'entities' && r.entities.map((e) => e.kind)).toEqual(['customer', 'account']);
  });

  it('filters out of scope', () => {
    expect(compile().map(aSubscriber({ status: 'off' }))).toEqual({ kind: 'out_of_scope' });
  });

  it('merges the status mapping over entity attrs (status wins)', () => {
    const spec = smartySpec();
    const withActive = {
      ...spec,
      entities: { ...spec.entities, account: { ...spec.entities.account!, attrs: { active: true, account_ext_id: 'x' } } },
    };
    const r = compile(withActive).map(aSubscriber({ status: 'blocked_debt' }));
    expect(r).toEqual({
      kind: 'entities',
      entities: [
        expected()[0],
        { ...expected()[1], attrs: { active: false, account_ext_id: 'x', status_reason: 'DEBT' } },
      ],
    });
  });

  it('skips a status with no mapping, and uses default when given', () => {
    expect(compile().map(aSubscriber({ status: 'blocked_traffic' }))).toEqual({
      kind: 'skipped',
      reason:
        "status 'blocked_traffic' has no mapping in mappings/hydra-smarty.yaml (add it under status.map or set status.default)",
    });
    const spec = smartySpec();
    const withDefault = { ...spec, status: { ...spec.status!, default: { active: false, status_reason: 'BLOCK' } } };
    const r = compile(withDefault).map(aSubscriber({ status: 'blocked_traffic' }));
    expect(r.kind === 'entities' && r.entities[1]?.attrs).toMatchObject({ active: false, status_reason: 'BLOCK' });
  });

  it('skips empty and non-numeric keys with the value and the rule', () => {
    expect(compile().map(aSubscriber({ account: null }))).toEqual({
      kind: 'skipped',
      reason: "account key is empty ('{{ account }}')",
    });
    expect(compile().map(aSubscriber({ id: '' }))).toEqual({
      kind: 'skipped',
      reason: "customer key is empty ('{{ id }}')",
    });
    expect(compile().map(aSubscriber({ account: 'ЛС-17' }))).toEqual({
      kind: 'skipped',
      reason: "account key 'ЛС-17' from '{{ account }}' is not numeric (smarty account keys must be digits)",
    });
  });

  it('maps tariffs: ignore, dedupe, numeric sort; skips an unmapped service', () => {
    const services = [
      { id: '8' },
      { id: '100' },
      { id: '3' },
      { id: '1' },
      { id: '102' },
    ];
    const r = compile().map(aSubscriber({ services }));
    expect(r.kind === 'entities' && r.entities[0]?.sets).toEqual({ tariffs: ['2', '3'] });

    const none = compile().map(aSubscriber({ services: [{ id: '100' }] }));
    expect(none.kind === 'entities' && none.entities[0]?.sets).toEqual({ tariffs: [] });

    expect(compile().map(aSubscriber({ services: [{ id: '1' }, { id: '17', name: 'Кино+' }] }))).toEqual({
      kind: 'skipped',
      reason: "service 17 ('Кино+') has no tariff in mappings/hydra-smarty.yaml (add it to tariffs.table or tariffs.ignore)",
    });
  });

  it('drops unmapped services with unmapped: ignore', () => {
    const spec = smartySpec();
    const lenient = { ...spec, tariffs: { ...spec.tariffs!, unmapped: 'ignore' as const } };
    const r = compile(lenient).map(aSubscriber({ services: [{ id: '17' }, { id: '5' }] }));
    expect(r.kind === 'entities' && r.entities[0]?.sets).toEqual({ tariffs: ['3'] });
  });

  it('sorts numerically: 10 after 9', () => {
    const spec = smartySpec();
    const wide = { ...spec, tariffs: { ...spec.tariffs!, table: { '10': [1], '9': [2] } } };
    const r = compile(wide).map(aSubscriber({ services: [{ id: '1' }, { id: '2' }] }));
    expect(r.kind === 'entities' && r.entities[0]?.sets).toEqual({ tariffs: ['9', '10'] });
  });

  it('maps missing values to null and coerces to the attr type', () => {
    const spec = smartySpec();
    const typed: MappingSpec = {
      ...spec,
      entities: {
        ...spec.entities,
        account: {
          key: '{{ account }}',
          attrs: { password: '{{ raw.pin }}', allow_multiple_login: '{{ raw.multi }}', account_ext_id: '{{ raw.n_balance }}' },
        },
      },
    };
    const sub = aSubscriber({ raw: { pin: ' 0042 ', multi: 'yes', n_balance: 1.5 }, address: null });
    const r = compile(typed).map(sub);
    expect(r.kind === 'entities' && r.entities[0]?.attrs.postal_address_apt).toBeNull();
    expect(r.kind === 'entities' && r.entities[1]?.attrs).toEqual({
      password: 42,
      allow_multiple_login: true,
      account_ext_id: '1.5',
      active: true,
      status_reason: 'ACTIVE',
    });
    const bad = compile(typed).map(aSubscriber({ raw: { pin: 'abc', multi: 'y' } }));
    expect(bad).toEqual({
      kind: 'skipped',
      reason: "account attr 'password' from '{{ raw.pin }}': 'abc' is not a whole number",
    });
    const notBool = compile(typed).map(aSubscriber({ raw: { pin: 1, multi: 'maybe' } }));
    expect(notBool.kind === 'skipped' && notBool.reason).toMatch(/allow_multiple_login.*'maybe' is not a yes\/no value/);
    const list = compile(typed).map(aSubscriber({ raw: { pin: 1, multi: 1, n_balance: [1, 2] } }));
    expect(list.kind === 'skipped' && list.reason).toMatch(/account_ext_id.*a list of 2 is not text/);
  });

  it('skips with the reason when a function meets a value it cannot handle', () => {
    const spec = smartySpec();
    const objecty: MappingSpec = {
      ...spec,
      entities: { ...spec.entities, customer: { key: '{{ id }}', attrs: { comment: '{{ raw.obj | upper }}' } } },
    };
    expect(compile(objecty).map(aSubscriber({ raw: { obj: { a: 1 } } }))).toEqual({
      kind: 'skipped',
      reason: "customer attr 'comment' from '{{ raw.obj | upper }}': expected text but got an object",
    });
  });

  it('skips a subscriber whose required attr is empty', () => {
    const kinds: KindSpec[] = [
      { kind: 'account', keyType: 'string', attrs: { username: { type: 'string', required: true } }, sets: {} },
    ];
    const spec: MappingSpec = { source: 'hydra', target: 'tv', entities: { account: { key: '{{ id }}', attrs: { username: '{{ account }}' } } } };
    const m = compile(spec, kinds);
    expect(m.map(aSubscriber({ account: null }))).toEqual({
      kind: 'skipped',
      reason: "account attr 'username' is required but '{{ account }}' is empty",
    });
    expect(m.map(aSubscriber()).kind).toBe('entities');
  });

  it('never shares mutable objects between subscribers', () => {
    const m = compile();
    const a = m.map(aSubscriber());
    const b = m.map(aSubscriber());
    if (a.kind !== 'entities' || b.kind !== 'entities') throw new Error('expected entities');
    // Shared is allowed only when frozen (an entity without sets, an empty member list): a
    // change to one subscriber's entity can then never show up in another's.
    const notSharedMutable = (x: unknown, y: unknown): void => {
      if (x === y) expect(Object.isFrozen(x)).toBe(true);
    };
    for (let i = 0; i < a.entities.length; i++) {
      expect(a.entities[i]?.attrs).not.toBe(b.entities[i]?.attrs);
      notSharedMutable(a.entities[i]?.sets, b.entities[i]?.sets);
      expect(a.entities[i]?.origin).not.toBe(b.entities[i]?.origin);
    }
    expect(a.entities[0]?.sets.tariffs).not.toBe(b.entities[0]?.sets.tariffs);
  });

  it('shares only frozen objects for entities without sets or members', () => {
    const m = compile();
    const a = m.map(aSubscriber({ services: [] }));
    const b = m.map(aSubscriber({ services: [] }));
    if (a.kind !== 'entities' || b.kind !== 'entities') throw new Error('expected entities');
    for (let i = 0; i < a.entities.length; i++) {
      const [x, y] = [a.entities[i]!, b.entities[i]!];
      if (x.sets === y.sets) expect(Object.isFrozen(x.sets)).toBe(true);
      for (const set in x.sets) if (x.sets[set] === y.sets[set]) expect(Object.isFrozen(x.sets[set])).toBe(true);
    }
    // Attributes are laid out from a template: the same names in the same order as written.
    expect(Object.keys(a.entities[0]!.attrs)).toEqual(Object.keys(b.entities[0]!.attrs));
  });

  it('refuses subscribers of another source (a wiring bug, not data)', () => {
    expect(() => compile().map(aSubscriber({ source: 'lanbilling' }))).toThrow(InternalError);
  });
});
