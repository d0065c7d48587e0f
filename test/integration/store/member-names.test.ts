/** The cached catalogue of member names (tariff names for plans), on every store dialect. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HARNESSES, type TestStore } from './dialects.js';

describe.each(HARNESSES)('member names cache on $name', (harness) => {
  let t: TestStore;

  beforeEach(async () => {
    t = await harness.create();
  });
  afterEach(async () => {
    await t?.cleanup();
  });

  it('is empty at first, then holds the last catalogue per target, names as written', async () => {
    expect(await t.store.getMemberNames('smarty')).toBeNull();
    await t.store.putMemberNames('smarty', '2026-12-04T10:00:00.000Z', { 'customer.tariffs': { '2': 'Базовый HD', '3': "Доп. 'пакет' \"кино\"" } });
    await t.store.putMemberNames('smarty', '2026-12-04T11:00:00.000Z', { 'customer.tariffs': { '3': 'Дополнительный' } });
    await t.store.putMemberNames('tv', '2026-12-04T09:00:00.000Z', { 'account.subscriptions': { '5010': 'Кино' } });
    expect(await t.store.getMemberNames('smarty')).toEqual({ fetchedAt: '2026-12-04T11:00:00.000Z', names: { 'customer.tariffs': { '3': 'Дополнительный' } } });
    expect(await t.store.getMemberNames('tv')).toEqual({ fetchedAt: '2026-12-04T09:00:00.000Z', names: { 'account.subscriptions': { '5010': 'Кино' } } });
  });
});
