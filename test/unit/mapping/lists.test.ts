import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../../src/mapping/compile.js';
import type { MappingSpec } from '../../../src/mapping/types.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { normaliseUid } from '../../../src/util/mac.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { fakeYaml } from './fake-yaml.js';
import { smartySpec } from './smarty-spec.js';

function withLists(extra: Partial<MappingSpec>): MappingSpec {
  const s = smartySpec();
  const account = { ...s.entities.account!, attrs: { allow_login_by_abonement: true } };
  return { ...s, entities: { ...s.entities, account }, ...extra };
}
const compile = (spec: MappingSpec) => compileMapping(fakeYaml(spec, 'mappings/hydra-smarty.yaml'), SMARTY_KINDS);
function problems(spec: MappingSpec): string[] {
  try {
    compile(spec);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigErrors)) throw e;
    return e.errors.map((x) => `${x.path}: ${x.message}`);
  }
}
const devices = { entity: 'account', uids: '{{ devices }}', attrs: { system_name: 'mag' }, login_attr: 'allow_login_by_device_uid' };

describe('normaliseUid', () => {
  it('writes MACs lower-case with colons whatever the spelling; other UIDs only trimmed', () => {
    for (const m of ['00-1A-79-AB-CD-EF', '001a79abcdef', '00:1a:79:ab:cd:ef', '001a.79ab.cdef', ' 00:1A:79:AB:CD:EF ']) expect(normaliseUid(m)).toBe('00:1a:79:ab:cd:ef');
    expect(normaliseUid(' SN-ABC ')).toBe('SN-ABC');
    expect(normaliseUid('00:1a-79:ab:cd:ef')).toBe('00:1a-79:ab:cd:ef');
  });
});

describe('devices: section', () => {
  it('maps one device per UID under the account and sets the login flag from whether there are any', () => {
    const m = compile(withLists({ devices }));
    const r = m.map(aSubscriber({ devices: ['00-1A-79-00-00-02', '001a79000001', '00:1a:79:00:00:01'] }));
    if (r.kind !== 'entities') throw new Error(r.kind);
    expect(r.entities.find((e) => e.kind === 'account')!.attrs.allow_login_by_device_uid).toBe(true);
    expect(r.entities.filter((e) => e.kind === 'device')).toEqual(
      ['00:1a:79:00:00:01', '00:1a:79:00:00:02'].map((key) => ({
        target: 'smarty', kind: 'device', key, attrs: { system_name: 'mag' }, sets: {}, parent: { kind: 'account', key: '100042' }, origin: { source: 'hydra', id: '42' },
      })),
    );
    const none = m.map(aSubscriber({ devices: [] }));
    if (none.kind !== 'entities') throw new Error(none.kind);
    expect(none.entities.filter((e) => e.kind === 'device')).toEqual([]);
    expect(none.entities.find((e) => e.kind === 'account')!.attrs.allow_login_by_device_uid).toBe(false);
  });

  it('binds only the UIDs devices.matches finds (a CPE or router MAC is not a set-top box); no match means no device', () => {
    const m = compile(withLists({ devices: { ...devices, matches: '^00:1a:79:' } }));
    const r = m.map(aSubscriber({ devices: ['d4:ca:6d:11:22:33', '00-1A-79-00-00-02'] }));
    if (r.kind !== 'entities') throw new Error(r.kind);
    expect(r.entities.filter((e) => e.kind === 'device').map((e) => e.key)).toEqual(['00:1a:79:00:00:02']);
    const router = m.map(aSubscriber({ devices: ['d4:ca:6d:11:22:33'] }));
    if (router.kind !== 'entities') throw new Error(router.kind);
    expect(router.entities.filter((e) => e.kind === 'device')).toEqual([]);
    expect(router.entities.find((e) => e.kind === 'account')!.attrs.allow_login_by_device_uid).toBe(false);
    expect(problems(withLists({ devices: { ...devices, matches: '(a)\\1' } }))[0]).toMatch(/^devices\.matches: invalid regular expression/);
  });

  it('refuses a wrong owner, a missing required attr, and a login flag the entity sets too', () => {
    expect(problems(withLists({ devices: { ...devices, entity: 'customer' } }))).toEqual(['devices.entity: a device on target smarty belongs to a account, not to a customer']);
    expect(problems(withLists({ devices: { entity: 'account', uids: '{{ devices }}' } }))).toEqual(["devices: a device on target smarty needs attribute 'system_name', but devices.attrs does not set it"]);
    const s = smartySpec();
    expect(problems({ ...s, devices })).toEqual(['devices.login_attr: account.allow_login_by_device_uid is set by entities or status already; devices.login_attr would fight it']);
  });
});

describe('transactions: section', () => {
  it('maps one create-only transaction per payment, ids prefixed, under the customer', () => {
    const m = compile(withLists({ transactions: { entity: 'customer', id_prefix: 'hydra-' } }));
    const r = m.map(aSubscriber({ payments: [{ id: '9001', amount: '500.00', date: '2026-01-02T10:00:00Z' }] }));
    if (r.kind !== 'entities') throw new Error(r.kind);
    expect(r.entities.filter((e) => e.kind === 'transaction')).toEqual([
      { target: 'smarty', kind: 'transaction', key: 'hydra-9001', attrs: { amount: '500.00', date: '2026-01-02T10:00:00Z', comment: null, processed: true }, sets: {}, parent: { kind: 'customer', key: '42' }, origin: { source: 'hydra', id: '42' } },
    ]);
  });

  it('skips a subscriber whose payment amount is not a sum', () => {
    const m = compile(withLists({ transactions: { entity: 'customer' } }));
    expect(m.map(aSubscriber({ payments: [{ id: '1', amount: '1,5', date: '2026-01-02' }] }))).toEqual({ kind: 'skipped', reason: "payment 1 has amount '1,5', not a sum with at most two decimals" });
  });
});
