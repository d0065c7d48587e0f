import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signParams,
  signText,
  signatureSource,
  smartySignature,
  toWirePairs,
  wireValue,
} from '../../../src/targets/smarty/signature.js';

describe('smarty signature', () => {
  it('matches the documented example (scalar params)', () => {
    expect(signText('amount:1;client_id:1;customer_id:1;id:45;secretkey')).toBe('5da94074db60083cc1393e3fd08b1735');
    const pairs = toWirePairs({ id: 45, customer_id: 1, amount: 1, client_id: 1 });
    expect(smartySignature(pairs, 'secretkey')).toBe('5da94074db60083cc1393e3fd08b1735');
  });

  it('matches the documented example (array param, one pair per element)', () => {
    expect(signText('allowed_device_groups:1;allowed_device_groups:3;client_id:1;customer_id:1;secretkey')).toBe(
      '7e4210d744341f4e3bbdf1d779bd4142',
    );
    // Given out of order: elements are sorted by value and names by name before signing.
    const pairs = toWirePairs({ customer_id: 1, allowed_device_groups: [3, 1], client_id: 1 });
    expect(signatureSource(pairs, 'secretkey')).toBe(
      'allowed_device_groups:1;allowed_device_groups:3;client_id:1;customer_id:1;secretkey',
    );
    expect(smartySignature(pairs, 'secretkey')).toBe('7e4210d744341f4e3bbdf1d779bd4142');
  });

  it('keeps base64 padding (the 2017 docs erratum dropped it)', () => {
    const source = 'amount:1;client_id:1;customer_id:1;id:45;secretkey';
    const b64 = Buffer.from(source, 'utf8').toString('base64');
    expect(b64.endsWith('=')).toBe(true);
    const unpadded = createHash('md5').update(b64.replace(/=+$/, '')).digest('hex');
    expect(signText(source)).not.toBe(unpadded);
  });

  it('encodes Cyrillic as UTF-8 before base64', () => {
    const pairs = toWirePairs({ client_id: 7, firstname: 'Иван', ext_id: 'абв' });
    const source = 'client_id:7;ext_id:абв;firstname:Иван;k';
    expect(signatureSource(pairs, 'k')).toBe(source);
    const expected = createHash('md5').update(Buffer.from(source, 'utf8').toString('base64')).digest('hex');
    expect(smartySignature(pairs, 'k')).toBe(expected);
    // Latin-1 encoding would give a different digest: prove the encoding matters.
    const latin1 = createHash('md5').update(Buffer.from(source, 'latin1').toString('base64')).digest('hex');
    expect(expected).not.toBe(latin1);
  });

  it('orders array values as text (what the server sees) and names lexicographically', () => {
    const pairs = toWirePairs({ tariff_id: [10, 3, 2], abonement: 5 });
    expect(signatureSource(pairs, '')).toBe('abonement:5;tariff_id:10;tariff_id:2;tariff_id:3;');
  });

  it('sends booleans as 1/0, nulls as empty and skips undefined', () => {
    expect(wireValue(true)).toBe('1');
    expect(wireValue(false)).toBe('0');
    const pairs = toWirePairs({ active: false, comment: null, lastname: undefined });
    expect(pairs).toEqual([
      ['active', '0'],
      ['comment', ''],
    ]);
    expect(signatureSource(pairs, 'x')).toBe('active:0;comment:;x');
  });

  it('signParams adds client_id and a signature computed without itself', () => {
    const signed = signParams({ id: 45, customer_id: 1, amount: 1 }, 1, 'secretkey');
    expect(signed.at(-1)).toEqual(['signature', '5da94074db60083cc1393e3fd08b1735']);
    expect(signed.filter(([n]) => n === 'client_id')).toEqual([['client_id', '1']]);
  });
});
