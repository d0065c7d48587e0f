/**
 * H2/H3: values a target cannot take skip the subscriber in mapping, with the reason, before
 * any op is planned for them — keys outside the kind's domain, text over the attribute's length,
 * control characters and U+FFFD from the source. And the `phone` function keeps an extension
 * apart and never makes a phone out of markup.
 */
import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../../src/mapping/compile.js';
import { mapAll } from '../../../src/mapping/map-all.js';
import type { MappingSpec } from '../../../src/mapping/types.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import type { Subscriber } from '../../../src/model/subscriber.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';
import { SMARTYARD_KINDS } from '../../../src/targets/smartyard/kinds.js';
import { SMOTRESHKA_KINDS } from '../../../src/targets/smotreshka/kinds.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { fakeYaml } from './fake-yaml.js';
import { smartySpec } from './smarty-spec.js';

const smarty = compileMapping(fakeYaml(smartySpec(), 'mappings/hydra-smarty.yaml'), SMARTY_KINDS);

function skipReason(sub: Subscriber): string {
  const r = smarty.map(sub);
  if (r.kind !== 'skipped') throw new Error(`expected a skip, got ${JSON.stringify(r).slice(0, 200)}`);
  return r.reason;
}

const named = (last: string): Subscriber => aSubscriber({ name: { full: 'x', first: 'Иван', last } });

describe('keys outside the target kind’s domain (H2)', () => {
  it('skips an abonement too large for Smarty, before any entity is made', () => {
    const sub = aSubscriber({ account: '99999999999999999999' });
    expect(skipReason(sub)).toBe("account key '99999999999999999999' from '{{ account }}' is out of range (allowed: whole numbers 0..999999999999999)");
    const all = mapAll([smarty], [sub]);
    expect(all.desired.get('smarty')).toEqual([]);
    expect(all.skipped).toEqual([{ source: 'hydra', id: '42', target: 'smarty', reason: expect.stringContaining('out of range') }]);
  });

  it('takes the largest abonement Smarty can hold, and refuses one more digit', () => {
    expect(smarty.map(aSubscriber({ account: '999999999999999' })).kind).toBe('entities');
    expect(skipReason(aSubscriber({ account: '1000000000000000' }))).toMatch(/out of range/);
  });

  it('skips a SmartYard contract uid beyond int4 and a Smotreshka username over 100 characters', () => {
    const yard: MappingSpec = {
      source: 'hydra',
      target: 'yard',
      entities: { rights: { key: '{{ account }}' } },
    };
    const y = compileMapping(fakeYaml(yard), SMARTYARD_KINDS);
    expect(y.map(aSubscriber({ account: '2147483647' })).kind).toBe('entities');
    expect(y.map(aSubscriber({ account: '2147483648' }))).toEqual({
      kind: 'skipped',
      reason: "rights key '2147483648' from '{{ account }}' is out of range (allowed: whole numbers 0..2147483647)",
    });
    const tv: MappingSpec = { source: 'hydra', target: 'tv', entities: { account: { key: '{{ account }}', attrs: { email: '{{ id }}@x.ru' } } } };
    const t = compileMapping(fakeYaml(tv), SMOTRESHKA_KINDS);
    expect(t.map(aSubscriber({ account: 'u'.repeat(100) })).kind).toBe('entities');
    const r = t.map(aSubscriber({ account: 'u'.repeat(101) }));
    expect(r).toEqual({ kind: 'skipped', reason: `account key '${'u'.repeat(40)}…' from '{{ account }}' is 101 characters long (at most 100 allowed; correct it in the source)` });
  });

  it('skips a key holding a control character, shown escaped', () => {
    expect(skipReason(aSubscriber({ id: '4\u00002' }))).toBe("customer key '4\\u00002' from '{{ id }}' holds the control character U+0000 (remove it in the source)");
  });
});

describe('attribute values the target cannot take (H3)', () => {
  it('skips a 1 MB name instead of sending it, and the reason does not carry it', () => {
    const reason = skipReason(named('Я'.repeat(1024 * 1024)));
    expect(reason).toBe(
      "customer attr 'lastname' from '{{ name.last }}' is 1048576 characters long (at most 255 allowed; correct it in the source, or cut it with '| truncate(255)')",
    );
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(smarty.map(named('Я'.repeat(255))).kind).toBe('entities');
    expect(smarty.map(named('😀'.repeat(255))).kind).toBe('entities');
    expect(skipReason(named('😀'.repeat(256)))).toMatch(/is 256 characters long/);
  });

  it('skips U+FFFD (invalid UTF-8 in the source) rather than writing replacement characters', () => {
    expect(skipReason(named('Ивано\uFFFD'))).toBe(
      "customer attr 'lastname' from '{{ name.last }}' holds U+FFFD, the mark of bytes that were not valid UTF-8 in the source (correct the record in the source)",
    );
  });

  it('skips control characters and lone surrogates, but lets line breaks and tabs through', () => {
    expect(skipReason(named('Иванов\u0007'))).toMatch(/holds the control character U\+0007/);
    expect(skipReason(named('Иванов\u009b'))).toMatch(/holds the control character U\+009B/);
    expect(skipReason(named('Иванов\ud800'))).toMatch(/lone surrogate U\+D800/);
    expect(smarty.map(named('Иванов\tПетров\r\nСидоров')).kind).toBe('entities');
  });

  it('refuses a constant the target cannot take when compiling, not per subscriber', () => {
    const spec = smartySpec();
    const customer = spec.entities.customer!;
    const bad = { ...spec, entities: { ...spec.entities, customer: { ...customer, attrs: { ...customer.attrs, company_name: 'Ы'.repeat(300) } } } };
    const err = (() => {
      try {
        compileMapping(fakeYaml(bad), SMARTY_KINDS);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigErrors);
    expect((err as ConfigErrors).errors.map((e) => [e.path, e.message])).toEqual([
      ['entities.customer.attrs.company_name', "customer attr 'company_name' is 300 characters long (at most 255 allowed; correct it in the source, or cut it with '| truncate(255)')"],
    ]);
  });

  it('holds whole numbers to the documented range (Smarty password 0..999999)', () => {
    const spec = smartySpec();
    const account = spec.entities.account!;
    const withPassword = { ...spec, entities: { ...spec.entities, account: { ...account, attrs: { ...account.attrs, password: '{{ raw.pin }}' } } } };
    const m = compileMapping(fakeYaml(withPassword), SMARTY_KINDS);
    expect(m.map(aSubscriber({ raw: { pin: '999999' } })).kind).toBe('entities');
    expect(m.map(aSubscriber({ raw: { pin: '1000000' } }))).toEqual({
      kind: 'skipped',
      reason: "account attr 'password' from '{{ raw.pin }}' is out of range (allowed: whole numbers 0..999999)",
    });
  });
});

describe('the phone function (H3)', () => {
  const phoneOf = (text: string): unknown => {
    const r = smarty.map(aSubscriber({ contacts: { phones: [text], emails: [] } }));
    if (r.kind !== 'entities') throw new Error(JSON.stringify(r));
    return r.entities[0]?.attrs.mobile_phone_number;
  };

  it.each([
    ['+7 (999) 000-00-00 доб. 123', '79990000000'],
    ['8 (912) 345-67-89 доб.45', '79123456789'],
    ['+7 912 345 67 89, вн. 7', '79123456789'],
    ['+7 912 345-67-89 ext. 12', '79123456789'],
    ['+7 912 345-67-89 x12', '79123456789'],
    ['+7 912 345-67-89 #12', '79123456789'],
  ])('drops the extension of %s', (text, want) => {
    expect(phoneOf(text)).toBe(want);
  });

  it.each([['<script>alert(1)</script>'], ['нет телефона'], ['---'], ['+7 912 345 67 89 8 343 222 33 44']])('gives nothing for %s', (text) => {
    expect(phoneOf(text)).toBeNull();
  });

  it('still normalises ordinary numbers', () => {
    expect(phoneOf('8 (912) 345-67-89')).toBe('79123456789');
    expect(phoneOf('345-67-89')).toBe('3456789');
  });
});
