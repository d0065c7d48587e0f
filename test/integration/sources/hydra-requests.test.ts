/**
 * What a full Hydra read costs, counted at the emulator: accounts and subscriptions per customer
 * (the notes give them per customer only), addresses in batches (`subject_id[]` takes an array),
 * the catalogue once per service for the life of the source — at most 2 requests per customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHydraEmulator, type HydraEmulator } from '../../../src/emulators/hydra/index.js';
import { hydraSourceFactory } from '../../../src/sources/hydra/index.js';
import { silentLogger } from '../../../src/util/logger.js';

const NOW = new Date('2025-03-01T09:00:00Z');
const COUNT = 450;
const LOGIN = { login: 'operator', password: 'p@ss' };

let emu: HydraEmulator;
let url: string;

beforeAll(async () => {
  emu = createHydraEmulator({ ...LOGIN, customers: COUNT, seed: 3, generate: { now: NOW } });
  url = await emu.start();
});
afterAll(() => emu.stop());

describe('hydra read cost', () => {
  it('is at most 2 requests per customer, and the catalogue is not asked again', async () => {
    const s = hydraSourceFactory.create('hydra', { url, ...LOGIN, retry_base_ms: 5 }, { logger: silentLogger(), now: () => NOW });
    try {
      let read = 0;
      for await (const b of s.read()) read += b.length;
      expect(read).toBe(COUNT);
      const first = emu.stats();
      expect(first.byRoute['GET /subjects/customers/:id/accounts']).toBe(COUNT);
      expect(first.byRoute['GET /subjects/customers/:id/subscriptions']).toBe(COUNT);
      // 450 customers on one page → 5 address batches of ≤ 100.
      expect(first.byRoute['GET /subject_addresses']).toBe(5);
      const catalogue = first.byRoute['GET /catalog/:id'] ?? 0;
      expect(catalogue).toBeGreaterThan(0);
      expect(first.total / COUNT).toBeLessThanOrEqual(2.05);

      emu.resetStats();
      for await (const _ of s.read());
      const second = emu.stats();
      expect(second.byRoute['GET /catalog/:id'] ?? 0).toBe(0);
      expect(second.total / COUNT).toBeLessThanOrEqual(2.02);
    } finally {
      await s.close();
      emu.resetStats();
    }
  });
});
