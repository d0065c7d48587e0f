import { describe, expect, it } from 'vitest';
import { BillsyncError } from '../../../src/model/errors.js';
import { parseSmartyardOptions } from '../../../src/targets/smartyard/options.js';

describe('smartyard options', () => {
  it('reads url, token and timeout_ms, accepts inventory and cuts a pasted /bill/api', () => {
    expect(parseSmartyardOptions('yard', { url: 'http://10.0.0.5:5000/bill/api/', token: 't', timeout_ms: 5000, inventory: 'inventory/smartyard.yaml' })).toEqual({
      url: 'http://10.0.0.5:5000',
      token: 't',
      timeoutMs: 5000,
      inventoryMode: 'create',
    });
    expect(parseSmartyardOptions('yard', { url: 'https://yard.example/app' })).toEqual({ url: 'https://yard.example/app', inventoryMode: 'create' });
    expect(parseSmartyardOptions('yard', { url: 'https://yard.example/app', inventory_mode: 'adopt_only' })).toMatchObject({ inventoryMode: 'adopt_only' });
  });

  it('names the config path of a bad value', () => {
    const fail = (config: Record<string, unknown>) => {
      try {
        parseSmartyardOptions('yard', config);
      } catch (e) {
        expect(e).toBeInstanceOf(BillsyncError);
        return (e as BillsyncError).path;
      }
      return undefined;
    };
    expect(fail({ url: 'ftp://x' })).toBe('targets.yard.url');
    expect(fail({ url: 'http://x', token: '' })).toBe('targets.yard.token');
    expect(fail({ url: 'http://x', timeout_ms: 0 })).toBe('targets.yard.timeout_ms');
  });
});
