import { describe, expect, it } from 'vitest';
import { TemplateSyntaxError } from '../../../src/mapping/errors.js';
import { compileTemplate } from '../../../src/mapping/template.js';
import { aSubscriber } from '../../support/subscriber-builder.js';

const sub = aSubscriber({
  services: [
    { id: '1', name: 'ТВ Базовый' },
    { id: '7', name: 'Кино+' },
  ],
  contacts: { phones: ['8 (912) 345-67-89', '+7 343 222-33-44'], emails: [] },
  raw: { vc_code: 'ЛС-100042', n_balance: 150.5, flag: true, tags: ['a', 'b'], nested: { x: 'y' } },
});
const run = (t: string, s = sub): unknown => compileTemplate(t).evaluate(s);

function syntaxError(t: string): TemplateSyntaxError {
  try {
    compileTemplate(t);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected '${t}' not to compile`);
}

describe('template values', () => {
  it('reads paths, including list indexes and raw fields', () => {
    expect(run('{{ id }}')).toBe('42');
    expect(run('{{ name.first }}')).toBe('Иван');
    expect(run('{{ address.flat }}')).toBe('17');
    expect(run('{{ raw.vc_code }}')).toBe('ЛС-100042');
    expect(run('{{ services.0.id }}')).toBe('1');
    expect(run('{{ services.1.name }}')).toBe('Кино+');
    expect(run('{{ services.id }}')).toEqual(['1', '7']);
    expect(run('{{ contacts.phones.1 }}')).toBe('+7 343 222-33-44');
  });

  it('keeps the type of a single expression and makes mixed templates text', () => {
    expect(run('{{ raw.n_balance }}')).toBe(150.5);
    expect(run('{{ raw.flag }}')).toBe(true);
    expect(run('{{ services | length }}')).toBe(2);
    expect(run('{{ raw.tags }}')).toEqual(['a', 'b']);
    expect(run('USER_{{ id }}')).toBe('USER_42');
    expect(run('{{ raw.n_balance }} RUB, {{ raw.flag }}')).toBe('150.5 RUB, true');
    expect(run('tags: {{ raw.tags }}')).toBe('tags: a, b');
    expect(run('{{ name.last }} {{ name.first }}!')).toBe('Иванов Иван!');
  });

  it('turns missing and empty results into null, and missing parts of mixed text into ""', () => {
    expect(run('{{ raw.nope }}')).toBeNull();
    expect(run('{{ address.entrance }}')).toBeNull();
    expect(run('{{ contacts.emails | first }}')).toBeNull();
    expect(run('{{ name.first | replace("Иван", "") }}')).toBeNull();
    expect(run('{{ raw.nope }}{{ address.floor }}')).toBeNull();
    expect(run('flat {{ address.floor }}')).toBe('flat ');
    expect(run('{{ address.flat }}', aSubscriber({ address: null }))).toBeNull();
    expect(run('{{ account }}', aSubscriber({ account: null }))).toBeNull();
    expect(run('')).toBeNull();
  });

  it('treats text without {{ as a constant', () => {
    const t = compileTemplate('ACTIVE');
    expect(t.isConstant).toBe(true);
    expect(t.constant).toBe('ACTIVE');
    expect(compileTemplate('{{ id }}').isConstant).toBe(false);
  });

  it('does not reach object prototypes through raw', () => {
    expect(run('{{ raw.constructor }}')).toBeNull();
    expect(run('{{ raw.__proto__ }}')).toBeNull();
    expect(run('{{ raw.nested.x }}')).toBe('y');
  });

  it('lets }} appear inside a quoted argument', () => {
    expect(run("{{ id | suffix('}}') }}")).toBe('42}}');
    expect(run('{{ id | prefix("a\\"b") }}')).toBe('a"b42');
  });
});

describe('functions', () => {
  const cases: [string, unknown][] = [
    ['{{ name.first | upper }}', 'ИВАН'],
    ['{{ name.first | lower }}', 'иван'],
    ['{{ contacts.emails | first | default("none") }}', 'none'],
    ['{{ raw.nope | default(0) }}', 0],
    ['{{ id | default("x") }}', '42'],
    ['{{ contacts.phones | first | digits }}', '89123456789'],
    ['{{ contacts.phones | last | trim }}', '+7 343 222-33-44'],
    ['{{ services.name | join(" + ") }}', 'ТВ Базовый + Кино+'],
    ['{{ raw.vc_code | split("-") | last }}', '100042'],
    ['{{ address.text | replace(".", "") }}', 'ул Ленина, д 1'],
    ['{{ address.flat | prefix("кв. ") }}', 'кв. 17'],
    ['{{ address.floor | prefix("эт. ") }}', null],
    ['{{ id | suffix("@tv") }}', '42@tv'],
    ['{{ raw.vc_code | slice(3) }}', '100042'],
    ['{{ raw.vc_code | slice(0, 2) }}', 'ЛС'],
    ['{{ raw.vc_code | slice(-2) }}', '42'],
    ['{{ name.full | truncate(6) }}', 'Иванов'],
    ['{{ name.full | length }}', 20],
    ['{{ address.floor | length }}', 0],
    ['{{ name.full | words(1) }}', 'Иван'],
    ['{{ name.full | words(5) }}', null],
    ['{{ raw.vc_code | lower_email }}', 'лс-100042'],
    ['{{ contacts.phones | phone | join(",") }}', '79123456789,73432223344'],
  ];
  it.each(cases)('%s → %j', (t, want) => {
    expect(run(t)).toEqual(want);
  });

  it('normalises Russian phone numbers', () => {
    const p = (phone: string): unknown => run('{{ contacts.phones | first | phone }}', aSubscriber({ contacts: { phones: [phone], emails: [] } }));
    expect(p('8 (912) 345-67-89')).toBe('79123456789');
    expect(p('+7 912 345 67 89')).toBe('79123456789');
    expect(p('912-345-67-89')).toBe('79123456789');
    expect(p('345-67-89')).toBe('3456789');
    expect(p('8 800 200-00-00')).toBe('78002000000');
    expect(p('нет')).toBeNull();
  });

  it('lower_email trims and lower-cases', () => {
    expect(run('{{ contacts.emails | first | lower_email }}', aSubscriber())).toBe('ivan@example.ru');
  });

  it('refuses to treat an object as text at run time', () => {
    expect(() => run('{{ services | slice(1) | first | upper }}')).toThrow(/expected text but got an object/);
    expect(() => run('x {{ raw.nested }}')).toThrow(/cannot put an object into text/);
  });
});

describe('template compile errors', () => {
  it('names unknown functions with a suggestion and the column', () => {
    const e = syntaxError('{{ id | uper }}');
    expect(e.message).toMatch(/unknown function 'uper'.*did you mean 'upper'/);
    expect(e.col).toBe(9);
  });

  it('checks arity and argument types', () => {
    expect(syntaxError('{{ id | join }}').message).toBe("'join' takes 1 argument, got 0");
    expect(syntaxError('{{ id | upper(1) }}').message).toBe("'upper' takes 0 arguments, got 1");
    expect(syntaxError('{{ id | slice }}').message).toBe("'slice' takes 1 to 2 arguments, got 0");
    expect(syntaxError('{{ id | replace("a", "b", "c") }}').message).toBe("'replace' takes 2 arguments, got 3");
    expect(syntaxError('{{ id | truncate("5") }}').message).toMatch(/argument 1 of 'truncate' must be a whole number/);
    expect(syntaxError('{{ id | join(1) }}').message).toMatch(/argument 1 of 'join' must be quoted text/);
    expect(syntaxError('{{ id | replace("", "b") }}').message).toMatch(/must not be empty/);
    expect(syntaxError('{{ id | words(-1) }}').message).toMatch(/must not be negative/);
  });

  it('names unknown fields', () => {
    const e = syntaxError('x {{ acount }}');
    expect(e.message).toMatch(/a subscriber has no field 'acount'.*did you mean 'account'/);
    expect(e.col).toBe(6);
    const n = syntaxError('{{ name.frist }}');
    expect(n.message).toMatch(/'name' has no field 'frist'.*did you mean 'first'/);
    expect(n.col).toBe(9);
    expect(syntaxError('{{ id.x }}').message).toBe("'id' is a plain value and has no field 'x'");
    expect(syntaxError('{{ contacts.phones.x }}').message).toBe("'contacts.phones' is a list of plain values and has no field 'x'");
    expect(syntaxError('{{ services.nme }}').message).toMatch(/'services' has no field 'nme'/);
  });

  it('reports syntax errors with their column', () => {
    const cases: [string, RegExp, number][] = [
      ['abc {{ id', /never closed/, 5],
      ['{{ }}', /empty/, 4],
      ['{{ id | }}', /expected a function name/, 9],
      ['{{ id upper }}', /expected '\|' or '}}' but found 'upper'/, 7],
      ['{{ id | join("x }}', /quotes is never closed/, 14],
      ['{{ id | join(x) }}', /expected a literal argument/, 14],
      ['{{ id # }}', /unexpected character '#'/, 7],
      ['{{ name. }}', /expected a field name or index/, 10],
      ['{{ id | join(","  }}', /expected '\)' or ','/, 19],
    ];
    for (const [t, re, col] of cases) {
      const e = syntaxError(t);
      expect(e.message, t).toMatch(re);
      expect(e.col, t).toBe(col);
    }
  });
});
