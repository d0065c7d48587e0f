import { describe, expect, it } from 'vitest';
import { BillsyncError } from '../../../src/model/errors.js';
import { parseHydraOptions } from '../../../src/sources/hydra/options.js';
import { buildStatusMap } from '../../../src/sources/hydra/status.js';
import { parseYaml } from '../../../src/config/load.js';
import { validateSyncDocument } from '../../../src/config/validate.js';
import { GOOD_SYNC } from '../config/fixture-dir.js';

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

describe('enumeration and customer_ids', () => {
  it('defaults to the list, with customer_ids as its fallback when given', () => {
    expect(parseHydraOptions('h', BASE).enumeration).toEqual({ kind: 'list' });
    expect(parseHydraOptions('h', { ...BASE, customer_ids: { file: '/var/lib/ids.txt' } }).enumeration).toEqual({
      kind: 'list', fallback: { kind: 'file', path: '/var/lib/ids.txt' },
    });
  });

  it('reads commands as argv, run without a shell; a string is split on spaces', () => {
    expect(parseHydraOptions('h', { ...BASE, enumeration: 'customer_ids', customer_ids: { command: ['/bin/ids', '--all', 'a b'] } }).enumeration).toEqual({
      kind: 'customer_ids', ids: { kind: 'command', argv: ['/bin/ids', '--all', 'a b'], timeoutMs: 300_000 },
    });
    expect(parseHydraOptions('h', { ...BASE, customer_ids: { command: ' /bin/ids  --all ', timeout_ms: 5000 } }).enumeration).toEqual({
      kind: 'list', fallback: { kind: 'command', argv: ['/bin/ids', '--all'], timeoutMs: 5000 },
    });
    expect(parseHydraOptions('h', { ...BASE, enumeration: 'event_only' }).enumeration).toEqual({ kind: 'event_only' });
  });

  it.each([
    [{ enumeration: 'paged' }, 'sources.billing.enumeration', /enumeration must be one of list, customer_ids, event_only/],
    [{ enumeration: 'customer_ids' }, 'sources.billing.customer_ids', /needs customer_ids/],
    [{ enumeration: 'event_only', customer_ids: { file: '/x' } }, 'sources.billing.customer_ids', /not used with enumeration event_only/],
    [{ customer_ids: { file: 'ids.txt' } }, 'sources.billing.customer_ids.file', /must be an absolute path/],
    [{ customer_ids: { file: '/x', command: 'ids' } }, 'sources.billing.customer_ids', /exactly one of file or command/],
    [{ customer_ids: '/x' }, 'sources.billing.customer_ids', /exactly one of file or command/],
    [{ customer_ids: { file: '/x', sql: 'select' } }, 'sources.billing.customer_ids.sql', /no option sql/],
    [{ customer_ids: { command: 'ids | sort' } }, 'sources.billing.customer_ids.command', /shell syntax/],
    [{ customer_ids: { command: 'ids $HOME' } }, 'sources.billing.customer_ids.command', /shell syntax/],
    [{ customer_ids: { command: [] } }, 'sources.billing.customer_ids.command', /non-empty list/],
    [{ customer_ids: { command: 'ids', timeout_ms: 0 } }, 'sources.billing.customer_ids.timeout_ms', /positive integer/],
  ])('refuses %j, naming %s', (extra, path, message) => {
    const err = errorOf(() => parseHydraOptions('billing', { ...BASE, ...extra }));
    expect(err).toMatchObject({ code: 'CONFIG_RULE', path });
    expect(err.message).toMatch(message);
    expect(err.fix ?? '').not.toBe('');
  });
});

describe('sync.schema.json for hydra enumeration', () => {
  const sync = (extra: string): string[] =>
    validateSyncDocument(parseYaml(GOOD_SYNC.replace('    login: operator\n', `    login: operator\n${extra}`), 'sync.yaml')).map((e) => e.format().split('\n')[0] ?? '');

  it('accepts the documented forms', () => {
    expect(sync('    enumeration: event_only\n')).toEqual([]);
    expect(sync('    customer_ids: { file: /var/lib/ids.txt }\n')).toEqual([]);
    expect(sync('    enumeration: customer_ids\n    customer_ids: { command: [/usr/bin/ids, --all], timeout_ms: 60000 }\n')).toEqual([]);
    expect(sync('    customer_ids: { command: /usr/bin/ids --all }\n')).toEqual([]);
  });

  it('refuses what the parser refuses', () => {
    expect(sync('    enumeration: paged\n')).toHaveLength(1);
    expect(sync('    customer_ids: { file: ids.txt }\n')).not.toEqual([]);
    expect(sync("    customer_ids: { command: 'ids | sort' }\n")).not.toEqual([]);
    expect(sync('    customer_ids: { file: /x, command: ids }\n')).not.toEqual([]);
  });
});
