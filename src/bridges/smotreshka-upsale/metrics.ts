/**
 * The upsale callbacks' Prometheus metrics, on the daemon's registry: calls by route and answer,
 * answer time, and purchases per state (committed = bought in the app, not yet in the billing:
 * what the billing has to pick up).
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { PurchaseStore } from '../../store/purchase-queries.js';

export class UpsaleMetrics {
  private readonly calls: Counter<'route' | 'answer'>;
  private readonly seconds: Histogram<'route'>;

  constructor(registry: Registry, store: PurchaseStore) {
    this.calls = new Counter({ name: 'billsync_upsale_callbacks_total', help: 'Smotreshka upsale callbacks by route (add|replace-ensure|commit) and answer (a result, or the HTTP error status).', labelNames: ['route', 'answer'], registers: [registry] });
    this.seconds = new Histogram({ name: 'billsync_upsale_callback_seconds', help: 'Time to answer an upsale callback.', labelNames: ['route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry] });
    new Gauge({
      name: 'billsync_upsale_purchases',
      help: 'Upsale purchases by target and state; committed ones are bought in the app and not yet reflected by the billing.',
      labelNames: ['target', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of await store.counts()) this.set({ target: c.target, state: c.state }, c.count);
      },
    });
  }

  answered(route: string, answer: string, ms: number): void {
    this.calls.inc({ route, answer });
    this.seconds.observe({ route }, ms / 1000);
  }
}
