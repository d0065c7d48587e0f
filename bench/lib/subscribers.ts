/**
 * Subscribers for benchmarks without the source read: the Hydra emulator's generator renders
 * each customer exactly as the REST API would, and the Hydra source's own pure normaliser turns
 * it into a Subscriber — page by page, as the real source streams them. Only the HTTP
 * round-trips are left out.
 */
import { generateHydraData, type HydraData } from '../../src/emulators/hydra/index.js';
import { renderAccount, renderCustomer, renderSubjectAddresses, renderSubscription } from '../../src/emulators/hydra/render.js';
import { normaliseCustomer, DEFAULT_STATUS_MAP } from '../../src/sources/hydra/index.js';
import type { HydraCustomerBundle } from '../../src/sources/hydra/types.js';
import type { Subscriber } from '../../src/model/subscriber.js';

const BASE = 'http://127.0.0.1/rest/v2';

export function benchData(count: number, seed = 42): HydraData {
  return generateHydraData(count, seed);
}

/** Normalised subscribers in pages of `perPage`, built lazily like a streaming source read. */
export function* subscriberPages(data: HydraData, perPage = 1000, now = new Date()): Generator<Subscriber[]> {
  const names = new Map([...data.catalog].map(([id, item]) => [id, item.name]));
  const ctx = { source: 'hydra', now, statusMap: DEFAULT_STATUS_MAP, serviceName: (id: number) => names.get(id) };
  for (let from = 0; from < data.customers.length; from += perPage) {
    yield data.customers.slice(from, from + perPage).map((c) =>
      normaliseCustomer(
        {
          customer: renderCustomer(c),
          accounts: [renderAccount(c, BASE)],
          subscriptions: c.subscriptions.map((s) => renderSubscription(c, s, BASE)),
          addresses: renderSubjectAddresses(c),
        } as unknown as HydraCustomerBundle,
        ctx,
      ),
    );
  }
}
