import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmartyEmulator, type SmartyEmulator } from '../../../src/emulators/smarty/index.js';
import { expectedSignature } from '../../../src/emulators/smarty/signature-check.js';

type Params = Readonly<Record<string, string | number | undefined>>;
const KEY = 'emu-key';
let emu: SmartyEmulator;
let base: string;

/** A signed form POST, signed by the documented algorithm (independent of the adapter). */
async function call(method: string, params: Params = {}): Promise<Record<string, unknown>> {
  const pairs: [string, string][] = [['client_id', '7']];
  for (const [k, v] of Object.entries(params)) if (v !== undefined) pairs.push([k, String(v)]);
  pairs.push(['signature', expectedSignature(pairs, KEY)]);
  const res = await fetch(`${base}/${method}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(pairs).toString(),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

beforeEach(async () => {
  emu = createSmartyEmulator({ clientId: 7, apiKey: KEY });
  base = await emu.start();
  expect((await call('customer/create', { ext_id: 'c1', comment: 'one' })).error).toBe(0);
  expect((await call('customer/create', { ext_id: 'c2', comment: 'two' })).error).toBe(0);
  expect((await call('account/create', { ext_id: 'c1', abonement: 1001 })).error).toBe(0);
  expect((await call('account/create', { ext_id: 'c2', abonement: 2001 })).error).toBe(0);
});
afterEach(async () => {
  await emu.stop();
});

describe('smarty emulator: account devices', () => {
  it('binds a device, shows it in account/info and refuses the same uid anywhere (error 4, case-insensitive)', async () => {
    const made = await call('account/device/create', { abonement: 1001, device_uid: '00:1a:79:00:00:01', system_name: 'mag' });
    expect(made.error).toBe(0);
    const info = await call('account/info', { abonement: 1001 });
    expect(info.devices).toEqual([expect.objectContaining({ device_uid: '00:1a:79:00:00:01', system_name: 'mag', is_basic: false })]);
    expect((await call('account/device/create', { abonement: 2001, device_uid: '00:1A:79:00:00:01', system_name: 'mag' })).error).toBe(4);
    expect((await call('account/device/create', { abonement: 1001, device_uid: '00:1a:79:00:00:01', system_name: 'mag' })).error).toBe(4);
    const listed = await call('account/list', { device: '00:1a:79:00:00:01' });
    expect((listed.accounts as { abonement: number }[]).map((a) => a.abonement)).toEqual([1001]);
  });

  it('answers the documented create errors 1, 2, 3, 5 and 6', async () => {
    expect((await call('account/device/create', { abonement: 9, device_uid: 'x', system_name: 'mag' })).error).toBe(1);
    expect((await call('account/device/create', { abonement: 1001, device_uid: 'x', system_name: 'nokia' })).error).toBe(2);
    expect((await call('account/device/create', { abonement: 1001, system_name: 'mag' })).error).toBe(3);
    expect((await call('account/device/create', { abonement: 1001, device_uid: 'x', system_name: 'android' })).error).toBe(5);
    expect((await call('account/device/create', { abonement: 1001, device_uid: 'x', system_name: 'android', sort_by: 'id_desc' })).error).toBe(0);
    expect((await call('account/device/create', { abonement: 1001, device_uid: 'y' })).error).toBe(6);
    expect((await call('account/device/create', { abonement: 1001, device_uid: 'y', client_play_device_id: 3 })).error).toBe(0);
  });

  it('modifies and deletes by device_uid; a missing device is error 1; deleting the account frees its uids', async () => {
    await call('account/device/create', { abonement: 1001, device_uid: 'aa', system_name: 'mag' });
    expect((await call('account/device/modify', { device_uid: 'aa', serial_number: 'SN1' })).error).toBe(0);
    expect(((await call('account/info', { abonement: 1001 })).devices as { serial_number: string }[])[0]!.serial_number).toBe('SN1');
    expect((await call('account/device/delete', { device_uid: 'aa' })).error).toBe(0);
    expect((await call('account/device/delete', { device_uid: 'aa' })).error).toBe(1);
    expect((await call('account/device/modify', { device_uid: 'aa' })).error).toBe(1);
    await call('account/device/create', { abonement: 1001, device_uid: 'bb', system_name: 'mag' });
    await call('account/delete', { abonement: 1001 });
    expect((await call('account/device/create', { abonement: 2001, device_uid: 'bb', system_name: 'mag' })).error).toBe(0);
  });
});

describe('smarty emulator: transactions', () => {
  it('creates once per ext_id (error 1 on a repeat) and moves the balance by processed ones only', async () => {
    expect((await call('transaction/create', { ext_id: 'p1', amount: '150.50', processed: 1, customer_ext_id: 'c1' })).error).toBe(0);
    expect((await call('transaction/create', { ext_id: 'p1', amount: '150.50', processed: 1, customer_ext_id: 'c1' })).error).toBe(1);
    expect((await call('transaction/create', { ext_id: 'p2', amount: '10', processed: 0, customer_ext_id: 'c1' })).error).toBe(0);
    const info = await call('customer/info', { ext_id: 'c1' });
    expect(info.balance).toBe('150.50');
    expect(info.payments_count).toBe(2);
  });

  it('answers 2 without ext_id (the libraries\' old `id` is not taken), 3/4 for movie purchases', async () => {
    expect((await call('transaction/create', { id: 'p9', amount: 1, customer_ext_id: 'c1' })).error).toBe(2);
    expect((await call('transaction/create', { ext_id: 'm', transaction_type: 1, customer_ext_id: 'c1' })).error).toBe(3);
    expect((await call('transaction/create', { ext_id: 'm', transaction_type: 1, video_ext_id: 'v', customer_ext_id: 'c1' })).error).toBe(4);
  });

  it('customer_ext_id wins over customer_id', async () => {
    await call('transaction/create', { ext_id: 'p3', amount: 5, processed: 1, customer_id: 1, customer_ext_id: 'c2' });
    expect((await call('customer/info', { ext_id: 'c2' })).balance).toBe('5.00');
    expect((await call('customer/info', { ext_id: 'c1' })).balance).toBe('0.00');
  });

  it('lists a customer\'s transactions in pages of at most 100', async () => {
    for (let i = 0; i < 105; i++) await call('transaction/create', { ext_id: `t${i}`, amount: 1, customer_ext_id: 'c1' });
    const first = await call('customer/transaction/list', { ext_id: 'c1', limit: 500 });
    expect((first.payments as unknown[]).length).toBe(100);
    const second = await call('customer/transaction/list', { ext_id: 'c1', limit: 100, page: 2 });
    expect(second.payments).toEqual([
      ...[100, 101, 102, 103, 104].map(() => expect.objectContaining({ amount: '1.00', source: 'billing', processed: false })),
    ]);
    expect((await call('customer/transaction/list', { ext_id: 'nobody' })).error).toBe(1);
  });

  it('deletes by ext_id only: 2 without it, 1 when unknown', async () => {
    await call('transaction/create', { ext_id: 'd1', amount: 3, processed: 1, customer_ext_id: 'c1' });
    expect((await call('transaction/delete', {})).error).toBe(2);
    expect((await call('transaction/delete', { ext_id: 'zz' })).error).toBe(1);
    expect((await call('transaction/delete', { ext_id: 'd1' })).error).toBe(0);
    expect((await call('customer/info', { ext_id: 'c1' })).balance).toBe('0.00');
  });
});
