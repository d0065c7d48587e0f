import { describe, expect, it } from 'vitest';
import { BillsyncError } from '../../../src/model/errors.js';
import { parseHydraOptions } from '../../../src/sources/hydra/options.js';
import { buildStatusMap } from '../../../src/sources/hydra/status.js';

const BASE = { url: 'https://hydra.example:8000/rest/v2/', login: 'op', password: 'pw' };

function errorOf(fn: () => unknown): BillsyncError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BillsyncError) return err;
    throw err;
  }
  throw new Error('expected a BillsyncError');
}

describe('parseHydraOptions', () => {
  it('splits the url and applies defaults', () => {
    const o = parseHydraOptions('hydra', BASE);
    expect(o).toMatchObject({
      origin: 'https://hydra.example:8000', basePath: '/rest/v2', login: 'op', password: 'pw', perPage: 1000, timeoutMs: 30_000,
    });
    expect(o.rate).toEqual({ requests: undefined, perSeconds: undefined, concurrency: 8 });
  });

  it('accepts both rate forms and clamps per_page to what vendor clients use', () => {
    expect(parseHydraOptions('h', { ...BASE, per_page: 5000, rate: { requests: 50, perSeconds: 1, concurrency: 4 } })).toMatchObject({
      perPage: 1000, rate: { requests: 50, perSeconds: 1, concurrency: 4 },
    });
    expect(parseHydraOptions('h', { ...BASE, per_page: 7, concurrency: 3, rate: { requests: 10, per_seconds: 2 } })).toMatchObject({
      perPage: 7, rate: { requests: 10, perSeconds: 2, concurrency: 3 },
    });
  });

  it('names the config path of a missing or bad option', () => {
    expect(errorOf(() => parseHydraOptions('billing', { ...BASE, password: '' }))).toMatchObject({
      code: 'CONFIG_RULE', path: 'sources.billing.password',
    });
    expect(errorOf(() => parseHydraOptions('billing', { ...BASE, url: 'not a url' })).path).toBe('sources.billing.url');
    expect(errorOf(() => parseHydraOptions('billing', { ...BASE, per_page: 0 })).path).toBe('sources.billing.per_page');
  });
});

describe('buildStatusMap', () => {
  it('rejects unknown statuses and non-numeric states with their path', () => {
    expect(errorOf(() => buildStatusMap({ '2011': 'enabled' }, 'sources.h.status_map'))).toMatchObject({
      code: 'CONFIG_RULE', path: 'sources.h.status_map.2011',
    });
    expect(errorOf(() => buildStatusMap({ on: 'active' }, 'sources.h.status_map')).path).toBe('sources.h.status_map.on');
    expect(errorOf(() => buildStatusMap(['active'], 'sources.h.status_map')).path).toBe('sources.h.status_map');
  });
});
