import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../../src/mapping/compile.js';
import type { MappingSpec, TariffMappingSpec } from '../../../src/mapping/types.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { SMOTRESHKA_KINDS } from '../../../src/targets/smotreshka/kinds.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { fakeYaml } from './fake-yaml.js';
import { smartySpec } from './smarty-spec.js';

/** Hydra services 1, 2 → base 100, 102; 3 → base 106; 5 → extra 5010; 100 internet. */
function spec(tariffs: Partial<TariffMappingSpec> = {}): MappingSpec {
  return {
    source: 'hydra',
    target: 'smotreshka',
    entities: { account: { key: '{{ id }}', attrs: { email: '{{ id }}@isp.users-mail.lfstrm.tv' } } },
    tariffs: {
      entity: 'account',
      set: 'subscriptions',
      table: { '100': [1], '102': [2], '106': [3], '5010': [5] },
      ignore: [100],
      base: ['100', '102', '106'],
      ...tariffs,
    },
  };
}

const services = (...ids: string[]) => ids.map((id) => ({ id, name: `s${id}` }));
const map = (s: MappingSpec, ids: string[]) => compileMapping(fakeYaml(s), SMOTRESHKA_KINDS).map(aSubscriber({ services: services(...ids) }));

function problems(s: MappingSpec, kinds = SMOTRESHKA_KINDS): string[] {
  try {
    compileMapping(fakeYaml(s), kinds);
  } catch (e) {
    if (!(e instanceof ConfigErrors)) throw e;
    return e.errors.map((err) => `${err.path}: ${err.message}`);
  }
  throw new Error('expected compile errors');
}

describe('tariffs.base', () => {
  it('passes one base package with extras', () => {
    const r = map(spec(), ['1', '5', '100']);
    expect(r.kind).toBe('entities');
    if (r.kind === 'entities') expect(r.entities[0]!.sets).toEqual({ subscriptions: ['100', '5010'] });
  });

  it('skips a subscriber with two base packages, naming them', () => {
    expect(map(spec(), ['2', '1', '5'])).toEqual({
      kind: 'skipped',
      reason: 'two base subscriptions 100 and 102; smotreshka allows one (tariffs.base in mappings/test.yaml)',
    });
    expect(map(spec(), ['1', '2', '3'])).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/^3 base subscriptions 100, 102 and 106;/) });
  });

  it('counts a base package granted by two services once', () => {
    const r = map(spec({ table: { '100': [1, 2], '5010': [5] }, base: ['100'] }), ['1', '2']);
    expect(r.kind).toBe('entities');
  });

  it('allows extras alone unless require_base', () => {
    expect(map(spec(), ['5']).kind).toBe('entities');
    expect(map(spec({ require_base: true }), ['5'])).toEqual({
      kind: 'skipped',
      reason: 'no base subscription among 5010; mappings/test.yaml sets tariffs.require_base (base: 100, 102, 106)',
    });
    // No packages at all is leaving TV, not a broken order: mapped (empty set), not skipped.
    const none = map(spec({ require_base: true }), ['100']);
    expect(none.kind).toBe('entities');
    if (none.kind === 'entities') expect(none.entities[0]!.sets).toEqual({ subscriptions: [] });
  });

  it('changes nothing without base', () => {
    const { base: _b, ...plain } = spec().tariffs!;
    expect(map({ ...spec(), tariffs: plain }, ['1', '2']).kind).toBe('entities');
  });

  it('rejects base ids that are not tariffs of the table, and require_base without base', () => {
    expect(problems(spec({ base: ['100', '1002'] }))).toEqual([expect.stringMatching(/^tariffs\.base\.1: base tariff '1002' is not a tariff of tariffs\.table/)]);
    const { base: _b, ...plain } = spec().tariffs!;
    expect(problems({ ...spec(), tariffs: { ...plain, require_base: true } })).toEqual([
      'tariffs.require_base: require_base needs tariffs.base to say which tariffs are base ones',
    ]);
  });

  it('normalises numeric base ids like the table on integer sets', () => {
    const s = smartySpec();
    const m = compileMapping(fakeYaml({ ...s, tariffs: { ...s.tariffs!, table: { '2': [1], '3': [5] }, base: ['02', 3] } }), SMARTY_KINDS);
    const r = m.map(aSubscriber({ services: services('1', '5') }));
    expect(r).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(/^two base subscriptions 2 and 3;/) });
  });
});
