import { describe, expect, it } from 'vitest';
import { BillsyncError } from '../../../src/model/errors.js';
import { parseSmartyOptions } from '../../../src/targets/smarty/options.js';

const OK = { url: 'https://smarty.example/billing/api', client_id: 5, api_key: 'k' };

/** The error's config path, or undefined when the options were accepted. */
function refusedAt(config: Record<string, unknown>): string | undefined {
  try {
    parseSmartyOptions('tv', config);
  } catch (e) {
    expect(e).toBeInstanceOf(BillsyncError);
    return (e as BillsyncError).path;
  }
  return undefined;
}

describe('smarty options', () => {
  it('reads url, client_id, api_key and the defaults', () => {
    expect(parseSmartyOptions('tv', OK)).toEqual({
      url: OK.url, clientId: 5, apiKey: 'k', registrationBackoffMs: 60_000,
      policy: { mode: 'full', onGone: 'report', windowDays: 30, parts: new Set(['customers', 'accounts', 'tariffs', 'devices', 'transactions']) },
    });
  });

  // sync.yaml's schema demands an integer client_id ≥ 1; the parser must not accept less.
  it('refuses what the schema refuses: client_id 0 and the text "5"', () => {
    expect(refusedAt({ ...OK, client_id: 0 })).toBe('targets.tv.client_id');
    expect(refusedAt({ ...OK, client_id: '5' })).toBe('targets.tv.client_id');
    expect(refusedAt({ ...OK, client_id: 1.5 })).toBe('targets.tv.client_id');
  });
});
