import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../../src/mapping/compile.js';
import { mapAll, originKeyOf } from '../../../src/mapping/map-all.js';
import type { MappingSpec } from '../../../src/mapping/types.js';
import type { Entity } from '../../../src/model/entity.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { originKey } from '../../../src/plan/plan.js';
import type { KindSpec } from '../../../src/model/kind.js';
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

  it('maps 100,000 subscribers through ~15 templates as fast as hand-written code', () => {
    const m = compileMapping(fakeYaml(wideSpec()), SMARTY_KINDS);
    const subs: Subscriber[] = [];
    for (let i = 0; i < 100_000; i++) {
      subs.push(aSubscriber({ id: String(i), account: String(100_000 + i), services: [{ id: String((i % 8) + 1) }, { id: '100' }] }));
    }
    // Let the JIT settle, as it has in a long-running sync.
    mapAll([m], subs.slice(0, 2000));
    byHand(subs.slice(0, 2000));
    // CPU time, best of three, alternating: waiting for a core on a busy shared machine is not
    // the mapper's cost, and neither engine gets the warmer cache.
    const mapped: number[] = [];
    const hand: number[] = [];
    for (let run = 0; run < 3; run++) {
      hand.push(cpuMs(() => byHand(subs)));
      mapped.push(
        cpuMs(() => {
          const r = mapAll([m], subs);
          expect(r.desired.get('smarty')).toHaveLength(200_000);
          expect(r.skipped).toEqual([]);
        }),
      );
    }
    // Measured under plain node on the shared 2-core dev machine while others ran builds:
    // 550-700 ms, the same as the hand-written mapper (the time goes into allocating 200,000
    // entities). Under a second is the goal; on a loaded machine the bound scales with the
    // hand-written baseline measured in the same process, so only a real slowdown fails. The
    // factor is 4, not 2: unit files share a worker's heap (vitest isolate: false), and a heap
    // grown by earlier files makes the allocating engine's collections dearer than the plain
    // loop's — 2.5× was seen once on a loaded CI. A template engine gone quadratic or an
    // evaluation per character is many times slower, and still fails.
    const ms = Math.min(...mapped);
    expect(ms).toBeLessThan(Math.max(1000, 4 * Math.min(...hand)));
  });
});

/** The reference mapping plus six more templates: 16 values per subscriber. */
function wideSpec(): MappingSpec {
  const spec = smartySpec();
  const customer = spec.entities.customer!;
  return {
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
}

function cpuMs(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const TARIFF = new Map(['1', '2', '3', '4', '5', '6', '7', '8'].map((id) => [id, Number(id) <= 4 ? '2' : '3']));
const phone = (s: string | undefined): string | null => {
  if (s === undefined) return null;
  const d = s.replace(/\D+/g, '');
  return d.length === 11 && d.startsWith('8') ? `7${d.slice(1)}` : d;
};

/** What wideSpec does, written by hand: the baseline a perfect mapper cannot beat by much. */
function byHand(subs: readonly Subscriber[]): Entity[] {
  const out: Entity[] = [];
  const seen = new Set<string>();
  for (const s of subs) {
    if (s.status === 'off') continue;
    seen.add(`${s.source}:${s.id}`);
    const origin = { source: s.source, id: s.id };
    const tariffs: string[] = [];
    for (const x of s.services) {
      const t = TARIFF.get(x.id);
      if (t !== undefined) tariffs.push(t);
    }
    const attrs = {
      firstname: s.name.first ?? null,
      lastname: s.name.last ?? null,
      comment: `USER_${s.id}`,
      mobile_phone_number: phone(s.contacts.phones[0]),
      postal_address_apt: s.address?.flat ?? null,
      middlename: s.name.middle?.trim() ?? null,
      email: s.contacts.emails[0]?.trim().toLowerCase() ?? null,
      postal_address_street: s.address?.text ?? null,
      postal_address_bld: (s.raw.house as string | undefined) ?? '-',
      company_name: s.name.full.split(/\s+/)[0]?.toUpperCase() ?? null,
      phone_number_1: s.contacts.phones.at(-1)?.replace(/\D+/g, '') ?? null,
    };
    out.push({ target: 'smarty', kind: 'customer', key: s.id, attrs, sets: { tariffs }, origin });
    const account = { allow_login_by_abonement: true, allow_login_by_device_uid: false, account_ext_id: s.id, active: true, status_reason: 'ACTIVE' };
    out.push({ target: 'smarty', kind: 'account', key: s.account ?? '', attrs: account, sets: {}, parent: { kind: 'customer', key: s.id }, origin });
  }
  return out;
}
