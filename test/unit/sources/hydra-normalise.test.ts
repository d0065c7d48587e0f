import { describe, expect, it, vi } from 'vitest';
import {
  activeServiceIds, isActiveSubscription, normaliseCustomer, personalAccount, splitFio, type NormaliseContext,
} from '../../../src/sources/hydra/normalise.js';
import { DEFAULT_STATUS_MAP, buildStatusMap } from '../../../src/sources/hydra/status.js';
import type { HydraCustomerBundle, HydraSubscription } from '../../../src/sources/hydra/types.js';

const NOW = new Date('2024-06-01T12:00:00Z');
const NAMES: Record<number, string> = { 100: 'Интернет 100', 1: 'Базовый' };

function ctx(over: Partial<NormaliseContext> = {}): NormaliseContext {
  return { source: 'hydra', now: NOW, statusMap: DEFAULT_STATUS_MAP, serviceName: (id) => NAMES[id], ...over };
}

function sub(over: Partial<HydraSubscription> & { n_service_id: number }): HydraSubscription {
  return { n_subscription_id: 1, d_begin: '2020-01-01T00:00:00+03:00', d_end: null, c_fl_closed: 'N', ...over };
}

const CUSTOMER = {
  n_subject_id: 50162901,
  n_customer_id: 50162901,
  vc_base_subject_name: 'Оруэлл  Джордж Эрикович',
  n_base_subj_type_id: 18001,
  n_subj_state_id: 2011,
  vc_name: 'Оруэлл Д.',
  vc_code: 'gordon',
  d_created: '2012-10-05T22:37:08+04:00',
  t_tags: ['поэт'],
  group_ids: [40231101],
  additional_values: [{ code: 'SUBJ_VAL_N_WORKSTATION_COUNT', name: 'Количество', value: 0 }],
  actions: { edit: 'http://x/rest/v2/subjects/customers/50162901/edit' },
  navigation: { self: 'http://x/rest/v2/subjects/customers/50162901' },
};

const BUNDLE: HydraCustomerBundle = {
  customer: CUSTOMER,
  accounts: [
    { n_account_id: 1, n_account_type_id: 1042, vc_account: 'SETTLE-1' },
    { n_account_id: 2, n_account_type_id: 2042, vc_account: ' 70000042 ', actions: { show: 'http://x' } },
  ],
  subscriptions: [
    sub({ n_service_id: 100, d_begin: '2021-10-15T09:13:52+03:00' }),
    sub({ n_service_id: 1, d_end: '2024-07-01T00:00:00+03:00' }),
    sub({ n_service_id: 5, c_fl_closed: 'Y' }),
    sub({ n_service_id: 6, d_begin: '2024-06-02T00:00:00+03:00' }),
    sub({ n_service_id: 7, d_end: '2024-05-01T00:00:00+03:00' }),
  ],
  addresses: [
    { n_addr_type_id: 13006, c_fl_main: 'N', vc_visual_code: '+7 (900) 000-00-02' },
    { n_addr_type_id: 13006, c_fl_main: 'Y', vc_visual_code: '+7 (900) 000-00-01' },
    { n_addr_type_id: 13006, vc_visual_code: null, vc_address: '+7 (900) 000-00-01' },
    { n_addr_type_id: 13006, vc_visual_code: '+7 (900) 000-00-09', d_end: '2024-01-01T00:00:00+03:00' },
    { n_addr_type_id: 6006, vc_visual_code: 'orwell@example.org' },
    { n_addr_type_id: 1006, c_fl_main: 'N', vc_visual_code: 'старый адрес' },
    {
      n_addr_type_id: 1006, c_fl_main: 'Y', vc_visual_code: 'г. Казань, ул. Ленина, д. 1, кв. 5',
      vc_flat: '5', vc_entrance_no: '1', n_floor_no: 2, n_house_id: 500001,
    },
  ],
};

describe('normaliseCustomer', () => {
  it('maps a full Hydra customer onto the canonical subscriber', () => {
    expect(normaliseCustomer(BUNDLE, ctx())).toEqual({
      source: 'hydra',
      id: '50162901',
      account: '70000042',
      name: { full: 'Оруэлл Джордж Эрикович', last: 'Оруэлл', first: 'Джордж', middle: 'Эрикович' },
      status: 'active',
      services: [
        { id: '1', name: 'Базовый', since: '2019-12-31T21:00:00.000Z', until: '2024-06-30T21:00:00.000Z' },
        { id: '100', name: 'Интернет 100', since: '2021-10-15T06:13:52.000Z', until: null },
      ],
      contacts: { phones: ['+7 (900) 000-00-01', '+7 (900) 000-00-02'], emails: ['orwell@example.org'] },
      address: { text: 'г. Казань, ул. Ленина, д. 1, кв. 5', houseId: '500001', entrance: '1', floor: '2', flat: '5' },
      raw: {
        n_subject_id: 50162901,
        n_customer_id: 50162901,
        vc_base_subject_name: 'Оруэлл  Джордж Эрикович',
        n_base_subj_type_id: 18001,
        n_subj_state_id: 2011,
        vc_name: 'Оруэлл Д.',
        vc_code: 'gordon',
        d_created: '2012-10-05T22:37:08+04:00',
        t_tags: ['поэт'],
        additional_values: [{ code: 'SUBJ_VAL_N_WORKSTATION_COUNT', name: 'Количество', value: 0 }],
        accounts: [
          { n_account_id: 1, n_account_type_id: 1042, vc_account: 'SETTLE-1' },
          { n_account_id: 2, n_account_type_id: 2042, vc_account: ' 70000042 ' },
        ],
      },
    });
  });

  it('keeps a service without a catalog name, and an address with only a text', () => {
    const s = normaliseCustomer(
      { ...BUNDLE, addresses: [{ n_addr_type_id: 1006, vc_visual_code: null, vc_address: 'ул. Мира, 3' }] },
      ctx({ serviceName: () => undefined }),
    );
    expect(s.services).toEqual([
      { id: '1', since: '2019-12-31T21:00:00.000Z', until: '2024-06-30T21:00:00.000Z' },
      { id: '100', since: '2021-10-15T06:13:52.000Z', until: null },
    ]);
    expect(s.address).toEqual({ text: 'ул. Мира, 3' });
    expect(s.contacts).toEqual({ phones: [], emails: [] });
  });

  it('has no address when there is no current fact-address row', () => {
    const s = normaliseCustomer(
      { ...BUNDLE, addresses: [{ n_addr_type_id: 1006, vc_visual_code: 'x', d_end: '2024-01-01T00:00:00Z' }] },
      ctx(),
    );
    expect(s.address).toBeNull();
  });

  it('counts one service subscribed twice once', () => {
    const s = normaliseCustomer(
      { ...BUNDLE, subscriptions: [sub({ n_service_id: 100 }), sub({ n_service_id: 100, d_begin: '2022-01-01T00:00:00Z' })] },
      ctx(),
    );
    expect(s.services).toEqual([{ id: '100', name: 'Интернет 100', since: '2019-12-31T21:00:00.000Z', until: null }]);
  });

  it('maps every built-in state and lets status_map override', () => {
    const statusFor = (state: number, map = DEFAULT_STATUS_MAP): string =>
      normaliseCustomer({ ...BUNDLE, customer: { ...CUSTOMER, n_subj_state_id: state } }, ctx({ statusMap: map })).status;
    expect([2011, 6011, 7011, 3011, 5011, 4011, 1011].map((s) => statusFor(s))).toEqual([
      'active', 'blocked_debt', 'blocked_debt', 'blocked_manager', 'blocked_user', 'off', 'off',
    ]);
    const custom = buildStatusMap({ '5011': 'blocked_debt', '9159': 'blocked_user' }, 'sources.hydra.status_map');
    expect(statusFor(5011, custom)).toBe('blocked_debt');
    expect(statusFor(9159, custom)).toBe('blocked_user');
    expect(statusFor(2011, custom)).toBe('active');
  });

  it('treats an unknown state as blocked_manager and reports it', () => {
    const onUnknownState = vi.fn();
    const s = normaliseCustomer({ ...BUNDLE, customer: { ...CUSTOMER, n_subj_state_id: 8011 } }, ctx({ onUnknownState }));
    expect(s.status).toBe('blocked_manager');
    expect(onUnknownState).toHaveBeenCalledWith(8011);
    const missing = normaliseCustomer({ ...BUNDLE, customer: { ...CUSTOMER, n_subj_state_id: null } }, ctx({ onUnknownState }));
    expect(missing.status).toBe('blocked_manager');
  });

  it('falls back to vc_name for the full name and does not split it', () => {
    const s = normaliseCustomer({ ...BUNDLE, customer: { ...CUSTOMER, vc_base_subject_name: null } }, ctx());
    expect(s.name).toEqual({ full: 'Оруэлл Д.' });
  });
});

describe('splitFio', () => {
  it('splits surname-first Russian names', () => {
    expect(splitFio('Иванова Мария Петровна', 18001)).toEqual({ last: 'Иванова', first: 'Мария', middle: 'Петровна' });
    expect(splitFio('Майне Клаус')).toEqual({ last: 'Майне', first: 'Клаус' });
    expect(splitFio('Алиев Руслан Магомед оглы')).toEqual({ last: 'Алиев', first: 'Руслан', middle: 'Магомед оглы' });
  });

  it('does not split one word or a company', () => {
    expect(splitFio('Иванов')).toEqual({});
    expect(splitFio('ООО "Ромашка Плюс"', 18002)).toEqual({});
  });
});

describe('isActiveSubscription', () => {
  const now = NOW.getTime();
  it('follows not-closed and d_begin <= now < d_end', () => {
    expect(isActiveSubscription(sub({ n_service_id: 1 }), now)).toBe(true);
    expect(isActiveSubscription(sub({ n_service_id: 1, c_fl_closed: 'Y' }), now)).toBe(false);
    expect(isActiveSubscription(sub({ n_service_id: 1, d_begin: NOW.toISOString() }), now)).toBe(true);
    expect(isActiveSubscription(sub({ n_service_id: 1, d_begin: '2024-06-01T15:00:01+03:00' }), now)).toBe(false);
    expect(isActiveSubscription(sub({ n_service_id: 1, d_end: NOW.toISOString() }), now)).toBe(false);
    expect(isActiveSubscription(sub({ n_service_id: 1, d_end: '2024-06-01T15:00:01+03:00' }), now)).toBe(true);
  });

  it('keeps a service whose dates are missing or unreadable', () => {
    expect(isActiveSubscription({ n_service_id: 1 }, now)).toBe(true);
    expect(isActiveSubscription(sub({ n_service_id: 1, d_begin: 'garbage', d_end: '' }), now)).toBe(true);
  });

  it('lists distinct active service ids in ascending order', () => {
    expect(activeServiceIds(BUNDLE.subscriptions, now)).toEqual([1, 100]);
  });
});

describe('personalAccount', () => {
  it('prefers a personal account, accepts an untyped one, ignores other types', () => {
    expect(personalAccount([{ n_account_type_id: 1042, vc_account: 'S' }, { n_account_type_id: 2042, vc_account: 'ЛС-1' }])).toBe('ЛС-1');
    expect(personalAccount([{ vc_account: '123' }, { n_account_type_id: 2042, vc_account: '456' }])).toBe('456');
    expect(personalAccount([{ vc_account: '123' }])).toBe('123');
    expect(personalAccount([{ n_account_type_id: 1042, vc_account: 'S' }])).toBeNull();
    expect(personalAccount([{ n_account_type_id: 2042, vc_account: '' }])).toBeNull();
    expect(personalAccount([])).toBeNull();
  });
});
