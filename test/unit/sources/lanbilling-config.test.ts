import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/config/load.js';
import { validateSyncDocument } from '../../../src/config/validate.js';
import { parseLanbillingOptions } from '../../../src/sources/lanbilling/options.js';
import { sourceFactory } from '../../../src/sources/registry.js';

const SYNC = `version: 1
sources:
  lb:
    type: lanbilling
    url: http://127.0.0.1:34012
    login: manager
    password: \${LB_PASSWORD}
    agents: [2]
    per_page: 200
    utc_offset: '+05:00'
    concurrency: 4
    timeout_ms: 10000
targets:
  smarty:
    type: smarty
    url: http://127.0.0.1:8000/billing/api
    client_id: 1
    api_key: secret
mappings:
  - mappings/lanbilling-smarty.yaml
`;

const lines = (text: string): (string | undefined)[] => {
  const doc = parseYaml(text, 'sync.yaml');
  return validateSyncDocument(doc).map((e) => e.format().split('\n')[0]);
};

describe('lanbilling in sync.yaml', () => {
  it('is an accepted, registered source type with its options', () => {
    expect(lines(SYNC)).toEqual([]);
    expect(sourceFactory('lanbilling').type).toBe('lanbilling');
  });

  it('requires agents and rejects keys it does not have', () => {
    expect(lines(SYNC.replace('    agents: [2]\n', ''))).toEqual(["sync.yaml:3:3 sources.lb: missing required key 'agents'"]);
    expect(lines(SYNC.replace('agents: [2]', 'agents: []'))).toHaveLength(1);
    expect(lines(SYNC.replace('    per_page: 200\n', '    per_page: 200\n    status_map: {}\n'))[0]).toMatch(/unknown key 'status_map'/);
    expect(lines(SYNC.replace("'+05:00'", 'MSK'))[0]).toMatch(/sources\.lb\.utc_offset/);
  });

  it('takes devices as true/false and payments_days as a positive number of days, both off by default', () => {
    expect(lines(SYNC.replace('    per_page: 200\n', '    per_page: 200\n    devices: true\n    payments_days: 30\n'))).toEqual([]);
    expect(lines(SYNC.replace('    per_page: 200\n', '    per_page: 200\n    devices: yes please\n'))[0]).toMatch(/sources\.lb\.devices/);
    expect(lines(SYNC.replace('    per_page: 200\n', '    per_page: 200\n    payments_days: 0\n'))[0]).toMatch(/sources\.lb\.payments_days/);
    const opts = parseLanbillingOptions('lb', { url: 'http://127.0.0.1:34012', login: 'm', password: 'p', agents: [2] });
    expect([opts.devices, opts.paymentsDays]).toEqual([false, undefined]);
    const on = parseLanbillingOptions('lb', { url: 'http://127.0.0.1:34012', login: 'm', password: 'p', agents: [2], devices: true, payments_days: 14 });
    expect([on.devices, on.paymentsDays]).toEqual([true, 14]);
    expect(() => parseLanbillingOptions('lb', { url: 'http://127.0.0.1:34012', login: 'm', password: 'p', agents: [2], devices: 'true' })).toThrow(/devices must be true or false/);
  });
});

