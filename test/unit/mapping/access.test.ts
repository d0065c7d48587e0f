/** The `access:` section: devices serving the subscriber's address, while a granting service is active. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileMapping } from '../../../src/mapping/compile.js';
import { ACCESS_NOTICES } from '../../../src/mapping/access.js';
import type { AccessIndex } from '../../../src/mapping/access-index.js';
import type { MappingSpec } from '../../../src/mapping/types.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import type { SubscriberAddress } from '../../../src/model/subscriber.js';
import { loadYamlFile, parseYaml } from '../../../src/config/load.js';
import { validateMappingDocument } from '../../../src/config/validate.js';
import { loadInventory } from '../../../src/targets/smartyard/inventory/load.js';
import { SMARTYARD_KINDS } from '../../../src/targets/smartyard/kinds.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { fakeYaml } from './fake-yaml.js';
import { SMARTYARD_FIXTURE_ENV } from '../../fixtures/smartyard/env.js';

const INDEX: AccessIndex = {
  file: 'inventory/smartyard.yaml',
  memberKind: 'device',
  houses: new Map([
    ['1001', { building: ['gate-cam', 'gate-lock'], entrances: new Map([['1', ['p1', 'p1:lock']], ['2', ['p2', 'p2:lock']]]) }],
    // Only building-wide devices: a private-house street with a shared gate.
    ['2001', { building: ['street-gate'], entrances: new Map() }],
    // Only entrance devices.
    ['3001', { building: [], entrances: new Map([['1', ['q1']]]) }],
  ]),
};

const SPEC: MappingSpec = {
  source: 'hydra',
  target: 'smartyard',
  entities: { rights: { key: '{{ id }}' } },
  access: { entity: 'rights', set: 'devices', services: [501, '502'], house: '{{ address.houseId }}', entrance: '{{ address.entrance }}' },
};

const mapping = compileMapping(fakeYaml(SPEC), SMARTYARD_KINDS, { access: INDEX });
const INTERCOM = [{ id: '502', name: 'Домофон' }, { id: '100', name: 'Интернет' }];

function map(address: SubscriberAddress | null, services = INTERCOM) {
  const r = mapping.map(aSubscriber({ id: '7', address, services }));
  if (r.kind !== 'entities') throw new Error(`expected entities, got ${r.kind}`);
  return { devices: r.entities[0]?.sets.devices, notices: r.notices ?? [] };
}

function problems(spec: unknown, index: AccessIndex | null = INDEX, kinds = SMARTYARD_KINDS): string[] {
  try {
    compileMapping(fakeYaml(spec), kinds, index ? { access: index } : {});
  } catch (e) {
    if (!(e instanceof ConfigErrors)) throw e;
    return e.errors.map((err) => `${err.path}: ${err.message}`);
  }
  throw new Error('expected compile errors');
}

describe('access mapping', () => {
  it("grants the entrance's devices and the house's building-wide ones, sorted", () => {
    expect(map({ houseId: '1001', entrance: '1' })).toEqual({ devices: ['gate-cam', 'gate-lock', 'p1', 'p1:lock'], notices: [] });
    expect(map({ houseId: ' 1001 ', entrance: '02' }).devices).toEqual(['gate-cam', 'gate-lock', 'p2', 'p2:lock']);
  });

  it('grants nothing without a granting service, and says nothing', () => {
    expect(map({ houseId: '1001', entrance: '1' }, [{ id: '100', name: 'Интернет' }])).toEqual({ devices: [], notices: [] });
    expect(map(null, [])).toEqual({ devices: [], notices: [] });
  });

  it('grants nothing to a subscriber without an address, with a notice', () => {
    expect(map(null)).toEqual({ devices: [], notices: [{ message: ACCESS_NOTICES.noHouse, detail: 'no house' }] });
    expect(map({ text: 'ул. Ленина, 12', entrance: '1' }).notices[0]?.message).toBe(ACCESS_NOTICES.noHouse);
  });

  it('grants nothing for a house no device serves, with a notice naming the house', () => {
    expect(map({ houseId: '9999', entrance: '1' })).toEqual({ devices: [], notices: [{ message: ACCESS_NOTICES.unknownHouse, detail: "house '9999'" }] });
  });

  it('grants the building-wide devices for an entrance no device serves, with a notice', () => {
    expect(map({ houseId: '1001', entrance: '7' })).toEqual({
      devices: ['gate-cam', 'gate-lock'],
      notices: [{ message: ACCESS_NOTICES.unknownEntrance, detail: "house '1001', entrance '7'" }],
    });
    expect(map({ houseId: '3001', entrance: '2' })).toEqual({
      devices: [],
      notices: [{ message: ACCESS_NOTICES.unknownEntranceNothing, detail: "house '3001', entrance '2'" }],
    });
  });

  it('grants the building-wide devices when the address has no entrance; a notice only where entrances have devices', () => {
    expect(map({ houseId: '1001' })).toEqual({ devices: ['gate-cam', 'gate-lock'], notices: [{ message: ACCESS_NOTICES.noEntrance, detail: "house '1001'" }] });
    expect(map({ houseId: '2001' })).toEqual({ devices: ['street-gate'], notices: [] });
    expect(map({ houseId: '2001', entrance: '3' })).toEqual({ devices: ['street-gate'], notices: [] });
  });

  it('explains where the set came from', () => {
    const e = mapping.explain(aSubscriber({ id: '7', address: { houseId: '1001', entrance: '2' }, services: INTERCOM }));
    expect(e.values.find((v) => v.field === 'sets.devices')).toMatchObject({ entity: 'rights', rule: 'access', value: ['gate-cam', 'gate-lock', 'p2', 'p2:lock'] });
  });

  it('maps the example inventory and mapping end to end', async () => {
    const dir = fileURLToPath(new URL('../../fixtures/smartyard/', import.meta.url));
    const inv = await loadInventory({
      target: 'smartyard', file: join(dir, 'inventory/smartyard.yaml'), display: 'inventory/smartyard.yaml', env: SMARTYARD_FIXTURE_ENV, baseDir: dir,
      namedAt: { position: { file: 'sync.yaml', line: 1, col: 1 }, path: 'targets.smartyard.inventory' },
    });
    const m = compileMapping(await loadYamlFile(join(dir, 'mappings/hydra-smartyard.yaml')), SMARTYARD_KINDS, { access: inv.inventory!.access });
    const r = m.map(aSubscriber({ id: '7', address: { houseId: '1002', entrance: '1' }, services: [{ id: '501' }] }));
    expect(r).toEqual({
      kind: 'entities',
      entities: [{ target: 'smartyard', kind: 'rights', key: '7', attrs: {}, sets: { devices: ['lenina-yard-gate-cam', 'lenina-yard-gate-lock'] }, origin: { source: 'hydra', id: '7' } }],
    });
  });
});

describe('access mapping checks', () => {
  it('needs an inventory on the target', () => {
    expect(problems(SPEC, null)).toEqual(['access: target smartyard has no inventory, so there are no devices to grant']);
  });

  it('names an unknown entity or set, and a set that does not hold device keys', () => {
    expect(problems({ ...SPEC, access: { ...SPEC.access!, entity: 'right' } })).toEqual(["access.entity: access goes to 'right', which is not an entity of this mapping — did you mean 'rights'?"]);
    expect(problems({ ...SPEC, access: { ...SPEC.access!, set: 'device' } })).toEqual(["access.set: rights has no set 'device' — did you mean 'devices'?"]);
    const kinds = SMARTYARD_KINDS.map((k) => (k.kind === 'rights' ? { ...k, sets: { devices: { memberType: 'string' as const } } } : k));
    expect(problems(SPEC, INDEX, kinds)).toEqual(["access.set: rights.devices does not hold device keys, so it cannot hold the inventory's devices"]);
  });

  it('refuses access and tariffs in one set, and reports template syntax', () => {
    const both = { ...SPEC, tariffs: { entity: 'rights', set: 'devices', table: { p1: [1] } } };
    expect(problems(both)).toEqual(['access.set: rights.devices is filled by tariffs: already']);
    expect(problems({ ...SPEC, access: { ...SPEC.access!, house: '{{ address.houseId ' } })[0]).toMatch(/^access\.house: access house: /);
  });
});

describe('schemas/mapping.schema.json: access', () => {
  const check = (text: string) => validateMappingDocument(parseYaml(text, 'm.yaml')).map((e) => e.format().split('\n')[0]);
  const head = "source: hydra\ntarget: smartyard\nentities:\n  rights: { key: '{{ id }}' }\n";

  it('accepts the section and names bad keys and missing ones with file:line:col', () => {
    expect(check(`${head}access: { entity: rights, set: devices, services: [501], house: '{{ address.houseId }}' }\n`)).toEqual([]);
    expect(check(`${head}access:\n  entity: rights\n  set: devices\n  servics: [501]\n  house: '{{ address.houseId }}'\n`)).toEqual([
      "m.yaml:5:1 access: missing required key 'services'",
      "m.yaml:8:3 access.servics: unknown key 'servics' — did you mean 'services'?",
    ]);
    expect(check(`${head}access: { entity: rights, set: devices, services: [], house: '{{ address.houseId }}' }\n`)).toEqual([
      'm.yaml:5:51 access.services: expected a list of source service ids, got an empty list',
    ]);
  });
});
