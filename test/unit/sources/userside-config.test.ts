import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/config/load.js';
import { validateSyncDocument } from '../../../src/config/validate.js';
import type { BillsyncError } from '../../../src/model/errors.js';
import { sourceFactory } from '../../../src/sources/registry.js';
import { parseUsersideOptions } from '../../../src/sources/userside/index.js';

const SYNC = `version: 1
sources:
  us:
    type: userside
    url: https://erp.example/api.php
    api_key: \${USERSIDE_API_KEY}
    bulk: auto
    batch_size: 200
    status_map:
      '1': active
      '3': blocked_debt
      '7': skip
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
  - mappings/userside-smarty.yaml
`;

const lines = (text: string): (string | undefined)[] => {
  const doc = parseYaml(text, 'sync.yaml');
  return validateSyncDocument(doc).map((e) => e.format().split('\n')[0]);
};

function configError(config: Record<string, unknown>): BillsyncError {
  try {
    parseUsersideOptions('us', { url: 'https://erp.example/api.php', api_key: 'k', ...config });
  } catch (e) {
    return e as BillsyncError;
  }
  throw new Error('expected a config error');
}

describe('userside in sync.yaml', () => {
  it('is an accepted, registered source type with its options', () => {
    expect(lines(SYNC)).toEqual([]);
    expect(sourceFactory('userside').type).toBe('userside');
  });

  it('requires url and api_key and rejects what it does not have', () => {
    expect(lines(SYNC.replace('    api_key: ${USERSIDE_API_KEY}\n', ''))).toEqual(["sync.yaml:3:3 sources.us: missing required key 'api_key'"]);
    expect(lines(SYNC.replace('bulk: auto', 'bulk: sometimes'))[0]).toMatch(/sources\.us\.bulk/);
    expect(lines(SYNC.replace("'7': skip", "'7': paused"))[0]).toMatch(/sources\.us\.status_map\.7/);
    expect(lines(SYNC.replace("'7': skip", 'active: active'))[0]).toMatch(/sources\.us\.status_map/);
    expect(lines(SYNC.replace('batch_size: 200', 'batch_size: 5000'))[0]).toMatch(/sources\.us\.batch_size/);
    expect(lines(SYNC.replace('    bulk: auto\n', '    bulk: auto\n    per_page: 10\n'))[0]).toMatch(/unknown key 'per_page'/);
    expect(lines(SYNC.replace('    bulk: auto\n', '    bulk: auto\n    billing_id: 2\n'))).toEqual([]);
    expect(lines(SYNC.replace('    bulk: auto\n', '    bulk: auto\n    billing_id: 0\n'))[0]).toMatch(/sources\.us\.billing_id/);
  });
});

describe('parseUsersideOptions', () => {
  it('reads the options with their defaults', () => {
    const o = parseUsersideOptions('us', { url: 'https://erp.example/userside/', api_key: 'k' });
    expect(o).toMatchObject({ origin: 'https://erp.example', path: '/userside/api.php', apiKey: 'k', bulk: 'auto', batchSize: 100, utcOffsetMinutes: 180 });
    expect(o.statusMap.size).toBe(0);
    expect(o.rate.concurrency).toBe(4);
    expect(o.billingId).toBeUndefined();
    expect(o.devices).toBe(false);
    expect(parseUsersideOptions('us', { url: 'https://erp.example/', api_key: 'k', devices: true }).devices).toBe(true);
    expect(parseUsersideOptions('us', { url: 'https://erp.example/', api_key: 'k', billing_id: 3 }).billingId).toBe(3);
    const full = parseUsersideOptions('us', {
      url: 'http://127.0.0.1:9/api.php', api_key: 'k', bulk: 'batched', batch_size: 1000, utc_offset: '-02:30',
      status_map: { '1': 'active', '9': 'skip' }, rate: { requests: 10, per_seconds: 1 }, concurrency: 2,
    });
    expect(full).toMatchObject({ path: '/api.php', bulk: 'batched', batchSize: 1000, utcOffsetMinutes: -150 });
    expect([...full.statusMap]).toEqual([[1, 'active'], [9, 'skip']]);
    expect(full.rate).toEqual({ requests: 10, perSeconds: 1, concurrency: 2 });
    // What sync.yaml's schema refuses, the parser refuses too (it is checked against the same fragment).
    expect(() => parseUsersideOptions('us', { url: 'https://erp.example/', api_key: 'k', batch_size: 5000 })).toThrow(/batch_size must be <= 1000/);
  });

  it('names the config path and the fix of every mistake', () => {
    expect(configError({ api_key: '' })).toMatchObject({ code: 'CONFIG_RULE', path: 'sources.us.api_key' });
    expect(configError({ url: 'erp.example' })).toMatchObject({ path: 'sources.us.url' });
    const query = configError({ url: 'https://erp.example/api.php?key=abc' });
    expect(query.path).toBe('sources.us.url');
    expect(query.fix).toMatch(/api_key/);
    expect(configError({ bulk: 'all' }).path).toBe('sources.us.bulk');
    expect(configError({ batch_size: 0 }).path).toBe('sources.us.batch_size');
    expect(configError({ billing_id: 'one' }).path).toBe('sources.us.billing_id');
    expect(configError({ devices: 'yes' }).path).toBe('sources.us.devices');
    expect(configError({ utc_offset: 'MSK' }).path).toBe('sources.us.utc_offset');
    expect(configError({ status_map: { one: 'active' } }).path).toBe('sources.us.status_map.one');
    expect(configError({ status_map: { '1': 'paused' } }).fix).toMatch(/blocked_debt.*skip/);
    expect(configError({ status_map: ['active'] }).path).toBe('sources.us.status_map');
  });
});
