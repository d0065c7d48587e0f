/**
 * The emulator's own signature check against the two documented examples, and agreement with the
 * adapter's signer on what both must read the same way (the two are written apart on purpose).
 */
import { describe, expect, it } from 'vitest';
import { digestOf, expectedSignature, signedText } from '../../../src/emulators/smarty/signature-check.js';
import { signParams, type SmartyParams } from '../../../src/targets/smarty/signature.js';

const SCALAR_EXAMPLE = 'amount:1;client_id:1;customer_id:1;id:45;secretkey';
const ARRAY_EXAMPLE = 'allowed_device_groups:1;allowed_device_groups:3;client_id:1;customer_id:1;secretkey';

describe('smarty emulator signature check', () => {
  it('reproduces the documented scalar example (DOC-20/22, padding kept)', () => {
    expect(digestOf(SCALAR_EXAMPLE)).toBe('5da94074db60083cc1393e3fd08b1735');
    const received: [string, string][] = [
      ['id', '45'],
      ['customer_id', '1'],
      ['client_id', '1'],
      ['amount', '1'],
      ['signature', 'ignored'],
    ];
    expect(signedText(received, 'secretkey')).toBe(SCALAR_EXAMPLE);
    expect(expectedSignature(received, 'secretkey')).toBe('5da94074db60083cc1393e3fd08b1735');
  });

  it('reproduces the documented array example (one pair per element, ordered by value)', () => {
    const received: [string, string][] = [
      ['customer_id', '1'],
      ['allowed_device_groups', '3'],
      ['client_id', '1'],
      ['allowed_device_groups', '1'],
    ];
    expect(signedText(received, 'secretkey')).toBe(ARRAY_EXAMPLE);
    expect(expectedSignature(received, 'secretkey')).toBe('7e4210d744341f4e3bbdf1d779bd4142');
  });

  it('orders array values as the server sees them: strings, so 10 before 2', () => {
    const received: [string, string][] = [
      ['tariff_id', '2'],
      ['tariff_id', '10'],
    ];
    expect(signedText(received, 'k')).toBe('tariff_id:10;tariff_id:2;k');
  });

  it('signs the strings as received: True and 1 are different requests', () => {
    expect(expectedSignature([['active', 'True']], 'k')).not.toBe(expectedSignature([['active', '1']], 'k'));
  });
});

describe('adapter signer and emulator check agree', () => {
  const cases: [string, SmartyParams][] = [
    ['documented scalar', { id: 45, customer_id: 1, amount: 1 }],
    ['documented array', { customer_id: 1, allowed_device_groups: [3, 1] }],
    ['multi-digit array values', { customer_id: 1, tariff_id: [10, 3, 2] }],
    ['booleans, nulls and Cyrillic', { abonement: 5001, active: false, use_timeshift: true, comment: null, firstname: 'Иван' }],
  ];
  it.each(cases)('%s', (_name, params) => {
    const pairs = signParams(params, 1, 'secretkey');
    const sent = pairs.find(([n]) => n === 'signature')![1];
    expect(expectedSignature(pairs, 'secretkey')).toBe(sent);
  });
});
