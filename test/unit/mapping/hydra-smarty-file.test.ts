/**
 * The shipped example mappings/hydra-smarty.yaml, loaded by the real YAML loader and compiled
 * against Smarty.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadYamlFile, parseYaml } from '../../../src/config/load.js';
import { compileMapping } from '../../../src/mapping/compile.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { aSubscriber } from '../../support/subscriber-builder.js';

const FILE = fileURLToPath(new URL('../../../mappings/hydra-smarty.yaml', import.meta.url));


describe('mappings/hydra-smarty.yaml', () => {
  it('compiles and maps a subscriber to the expected Smarty entities', async () => {
    const m = compileMapping(await loadYamlFile(FILE), SMARTY_KINDS);
    expect([m.source, m.target]).toEqual(['hydra', 'smarty']);

    const sub = aSubscriber({ status: 'blocked_user', services: [{ id: '6' }, { id: '2' }, { id: '101' }] });
    const origin = { source: 'hydra', id: '42' };
    expect(m.map(sub)).toEqual({
      kind: 'entities',
      entities: [
        {
          target: 'smarty',
          kind: 'customer',
          key: '42',
          attrs: {
            firstname: 'Иван',
            middlename: 'Иванович',
            lastname: 'Иванов',
            comment: 'USER_42',
            mobile_phone_number: '79123456789',
            email: 'ivan@example.ru',
            postal_address_street: 'ул. Ленина, д. 1',
            postal_address_apt: '17',
          },
          sets: { tariffs: ['2', '3'] },
          origin,
        },
        {
          target: 'smarty',
          kind: 'account',
          key: '100042',
          attrs: {
            allow_login_by_abonement: true,
            allow_multiple_login: true,
            allow_login_by_device_uid: false,
            account_ext_id: '42',
            active: false,
            status_reason: 'BLOCK',
          },
          sets: {},
          parent: { kind: 'customer', key: '42' },
          origin,
        },
      ],
    });
    expect(m.map(aSubscriber({ status: 'off' }))).toEqual({ kind: 'out_of_scope' });
    for (const status of ['active', 'blocked_debt', 'blocked_manager', 'blocked_traffic'] as const) {
      expect(m.map(aSubscriber({ status })).kind).toBe('entities');
    }
    const unknown = m.map(aSubscriber({ services: [{ id: '9', name: 'Кино+' }] }));
    expect(unknown.kind === 'skipped' && unknown.reason).toMatch(/^service 9 \('Кино\+'\) has no tariff in .*hydra-smarty\.yaml/);
  });

  it('explains where each value came from, with real file positions', async () => {
    const m = compileMapping(await loadYamlFile(FILE), SMARTY_KINDS);
    const text = await readFile(FILE, 'utf8');
    const lineOf = (needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

    const x = m.explain(aSubscriber());
    expect(x.result.kind).toBe('entities');
    expect(x.filter).toEqual([
      { condition: 'status not_in ["off"]', position: expect.objectContaining({ line: lineOf('{ field: status') }), value: 'active', passed: true },
    ]);
    const comment = x.values.find((v) => v.entity === 'customer' && v.field === 'attrs.comment');
    expect(comment).toEqual({
      entity: 'customer',
      field: 'attrs.comment',
      rule: 'USER_{{ id }}',
      position: { file: FILE, line: lineOf("comment: 'USER_"), col: expect.any(Number) },
      value: 'USER_42',
    });
    const active = x.values.filter((v) => v.field === 'attrs.active');
    expect(active.map((v) => [v.rule, v.position.line, v.value])).toEqual([['true', lineOf('active:          {'), true]]);
    const tariffs = x.values.find((v) => v.field === 'sets.tariffs');
    expect(tariffs?.value).toEqual(['2']);
  });

  it('points compile errors at file:line:col', async () => {
    const text = (await readFile(FILE, 'utf8')).replace("lastname: '{{ name.last }}'", "lastnme: '{{ name.lst }}'");
    try {
      compileMapping(parseYaml(text, 'hydra-smarty.yaml'), SMARTY_KINDS);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigErrors);
      const line = text.split('\n').findIndex((l) => l.includes('lastnme:')) + 1;
      expect((e as ConfigErrors).format()).toMatch(
        new RegExp(`^hydra-smarty\\.yaml:${line}:\\d+ entities\\.customer\\.attrs\\.lastnme: customer on target smarty has no attribute 'lastnme' — did you mean 'lastname'\\?`),
      );
    }
  });
});
