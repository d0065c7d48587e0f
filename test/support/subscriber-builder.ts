/**
 * In-memory Subscriber builder for tests: a complete, plausible Hydra subscriber whose fields
 * any test can override. Nested objects are fresh per call, so tests never share state.
 */
import type { Subscriber } from '../../src/model/subscriber.js';

/** A mutable-friendly override shape: any top-level field, nested objects replaced whole. */
export type SubscriberOverrides = Partial<Subscriber>;

/** Builds a subscriber: id '42', account '100042', active, TV package 1 + internet 100. */
export function aSubscriber(overrides: SubscriberOverrides = {}): Subscriber {
  return {
    source: 'hydra',
    id: '42',
    account: '100042',
    name: { full: 'Иванов Иван Иванович', first: 'Иван', middle: 'Иванович', last: 'Иванов' },
    status: 'active',
    services: [
      { id: '1', name: 'ТВ Базовый' },
      { id: '100', name: 'Интернет 100' },
    ],
    contacts: { phones: ['8 (912) 345-67-89'], emails: [' Ivan@Example.RU '] },
    address: { text: 'ул. Ленина, д. 1', flat: '17' },
    raw: { vc_code: 'ЛС-100042', n_balance: 150.5 },
    ...overrides,
  };
}
