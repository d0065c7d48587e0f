/** A Hydra → Smarty mapping as plain data (what the YAML loader would produce), for tests. */
import type { MappingSpec } from '../../../src/mapping/types.js';

export function smartySpec(): MappingSpec {
  return {
    source: 'hydra',
    target: 'smarty',
    filter: [{ field: 'status', not_in: ['off'] }],
    entities: {
      customer: {
        key: '{{ id }}',
        attrs: {
          firstname: '{{ name.first }}',
          lastname: '{{ name.last }}',
          comment: 'USER_{{ id }}',
          mobile_phone_number: '{{ contacts.phones | first | phone }}',
          postal_address_apt: '{{ address.flat }}',
        },
      },
      account: {
        parent: 'customer',
        key: '{{ account }}',
        attrs: { allow_login_by_abonement: true, allow_login_by_device_uid: false, account_ext_id: '{{ id }}' },
      },
    },
    status: {
      entity: 'account',
      map: {
        active: { active: true, status_reason: 'ACTIVE' },
        blocked_debt: { active: false, status_reason: 'DEBT' },
      },
    },
    tariffs: {
      entity: 'customer',
      set: 'tariffs',
      table: { '2': [1, 2, 3, 4], '3': [5, 6, 7, 8] },
      ignore: [100, 101, 102],
    },
  };
}
