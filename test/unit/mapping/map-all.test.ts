import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../../src/mapping/compile.js';
import { mapAll, originKeyOf } from '../../../src/mapping/map-all.js';
import type { MappingSpec } from '../../../src/mapping/types.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { originKey } from '../../../src/plan/plan.js';
import type { KindSpec } from '../../../src/targets/target.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { fakeYaml } from './fake-yaml.js';
import { smartySpec } from './smarty-spec.js';

const smarty = compileMapping(fakeYaml(smartySpec(), 'mappings/hydra-smarty.yaml'), SMARTY_KINDS);

const TV_ACCOUNT: KindSpec = { kind: 'account', keyType: 'string', attrs: { name: { type: 'string' } }, sets: {} };
const tvSpec: MappingSpec = {
  source: 'hydra',
  target: 'tv',
  filter: [{ field: 'services.id', in: [7] }],
  entities: { account: { key: 'u{{ id }}', attrs: { name: '{{ name.full }}' } } },
};
const tv = compileMapping(fakeYaml(tvSpec), [TV_ACCOUNT]);

describe('mapAll', () => {
  it('sorts every subscriber per target into mapped, skipped and out of scope', () => {
    const subs = [
      aSubscriber({ id: '1', account: '11' }),
      aSubscriber({ id: '2', status: 'off', services: [{ id: '7' }] }),
      aSubscriber({ id: '3', account: 'ЛС-3', services: [{ id: '7' }] }),
      aSubscriber({ source: 'lanbilling', id: '4' }),
    ];
    const r = mapAll([smarty, tv], subs);

    expect([...r.desired.keys()]).toEqual(['smarty', 'tv']);
    expect(r.desired.get('smarty')?.map((e) => `${e.kind}/${e.key}`)).toEqual(['customer/1', 'account/11']);
    expect(r.desired.get('tv')?.map((e) => `${e.kind}/${e.key}/${e.origin?.id}`)).toEqual(['account/u2/2', 'account/u3/3']);
    expect(r.skipped).toEqual([
      {
        source: 'hydra',
        id: '3',
        target: 'smarty',
        reason: "account key 'ЛС-3' from '{{ account }}' is not numeric (smarty account keys must be digits)",
      },
    ]);
    expect(r.inScope).toEqual(
      new Map([
        ['smarty', new Set(['hydra:1', 'hydra:3'])],
        ['tv', new Set(['hydra:2', 'hydra:3'])],
      ]),
    );
    expect(r.outOfScope).toEqual(
      new Map([
        ['smarty', new Set(['hydra:2'])],
        ['tv', new Set(['hydra:1'])],
      ]),
    );
  });

  it('lists every target even with no subscribers', () => {
    const r = mapAll([smarty], []);
    expect(r.desired).toEqual(new Map([['smarty', []]]));
    expect(r.inScope).toEqual(new Map([['smarty', new Set()]]));
    expect(r.outOfScope).toEqual(new Map([['smarty', new Set()]]));
  });

  it('uses the planner origin key', () => {
    expect(originKeyOf({ source: 'hydra', id: '7' })).toBe(originKey({ source: 'hydra', id: '7' }));
  });

  it('maps 100,000 subscribers through ~15 templates well under a second', () => {
    const spec = smartySpec();
    const customer = spec.entities.customer!;
    const wide: MappingSpec = {
      ...spec,
      entities: {
        ...spec.entities,
        customer: {
          ...customer,
          attrs: {
            ...customer.attrs,
            middlename: '{{ name.middle | trim }}',
            email: '{{ contacts.emails | first | lower_email }}',
            postal_address_street: '{{ address.text | truncate(60) }}',
            postal_address_bld: '{{ raw.house | default("-") }}',
            company_name: '{{ name.full | words(0) | upper }}',
            phone_number_1: '{{ contacts.phones | last | digits }}',
          },
        },
      },
    };
    const m = compileMapping(fakeYaml(wide), SMARTY_KINDS);
    const subs: Subscriber[] = [];
    for (let i = 0; i < 100_000; i++) {
      subs.push(aSubscriber({ id: String(i), account: String(100_000 + i), services: [{ id: String((i % 8) + 1) }, { id: '100' }] }));
    }
    mapAll([m], subs.slice(0, 2000)); // let the JIT settle, as it has in a long-running sync
    // CPU time, not wall time: on a busy shared machine waiting for a core is not our cost.
    const before = process.cpuUsage();
    const r = mapAll([m], subs);
    const used = process.cpuUsage(before);
    const ms = (used.user + used.system) / 1000;
    expect(r.desired.get('smarty')).toHaveLength(200_000);
    expect(r.skipped).toEqual([]);
    expect(ms).toBeLessThan(1000);
  });
});
