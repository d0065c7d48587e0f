/** daemon.smotreshka_upsale: parsed, checked with positions, the secret never echoed; auth and parameters. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { callerAuth } from '../../../src/bridges/smotreshka-upsale/auth.js';
import { parseParams, parseRoute } from '../../../src/bridges/smotreshka-upsale/params.js';
import { fixtureDir, goodFiles, GOOD_SYNC } from '../config/fixture-dir.js';

const TV = `  tv:\n    type: smotreshka\n    url: http://127.0.0.1:8080\n    username_prefix: isp_\n`;
const SYNC = GOOD_SYNC.replace('mappings:\n', `${TV}mappings:\n`);
const ENV = { HYDRA_PASSWORD: 'hydra-pw-1', UPSALE_SECRET: 'upsale-secret-0123456789' };
const load = (daemon: string, env: NodeJS.ProcessEnv = ENV) => loadConfig(join(fixtureDir({ ...goodFiles(), 'sync.yaml': `${SYNC}daemon:\n${daemon}` }), 'sync.yaml'), env);

describe('daemon.smotreshka_upsale', () => {
  it('reads the settings; the target defaults to the only Smotreshka one', async () => {
    const c = await load("  smotreshka_upsale:\n    allow_ips: ['203.0.113.0/24', '::1']\n    secret: ${UPSALE_SECRET}\n    offers: [5010, '5020']\n    keep_for: 720h\n");
    expect(c.daemon?.smotreshkaUpsale).toEqual({ target: 'tv', allowIps: ['203.0.113.0/24', '::1'], secret: 'upsale-secret-0123456789', offers: ['5010', '5020'], keepForMs: 720 * 3_600_000 });
    expect(c.secretValues).toContain('upsale-secret-0123456789');
  });

  it('reports a wrong target, bad addresses and a short secret with positions, never the secret', async () => {
    const err = (await load("  smotreshka_upsale:\n    target: smarty\n    allow_ips: ['10.0.0.0/33', 'example.net']\n    secret: ${SHORT}\n", { ...ENV, SHORT: 'abc123' }).catch((e: unknown) => e)) as ConfigErrors;
    expect(err).toBeInstanceOf(ConfigErrors);
    const lines = err.errors.map((e) => e.format()).join('\n');
    expect(lines).toMatch(/daemon\.smotreshka_upsale\.target: 'smarty' is not a Smotreshka target/);
    expect(lines).toMatch(/allow_ips\.0: '10\.0\.0\.0\/33' is not an IP address or CIDR range/);
    expect(lines).toMatch(/allow_ips\.1: 'example\.net'/);
    expect(lines).toMatch(/the upsale secret is 6 characters long/);
    expect(lines).not.toContain('abc123');
  });
});

describe('upsale caller auth', () => {
  it('refuses everything without settings, or with neither allow-list nor secret', () => {
    expect(callerAuth(undefined).check('127.0.0.1', undefined, null)).toMatchObject({ ok: false, status: 403, error: expect.stringMatching(/no daemon\.smotreshka_upsale section/) });
    expect(callerAuth({ target: 'tv', allowIps: [] }).check('127.0.0.1', 'Bearer x', 'x')).toMatchObject({ ok: false, status: 403, error: expect.stringMatching(/neither allow_ips nor secret/) });
  });

  it('checks the allow-list (IPv4-mapped callers too) and the secret, both when both are set', () => {
    const auth = callerAuth({ target: 'tv', allowIps: ['203.0.113.0/24', '2001:db8::/32'], secret: 'upsale-secret-0123456789' });
    expect(auth.check('203.0.113.9', 'Bearer upsale-secret-0123456789', null).ok).toBe(true);
    expect(auth.check('::ffff:203.0.113.9', undefined, 'upsale-secret-0123456789').ok).toBe(true);
    expect(auth.check('2001:db8::5', 'Bearer upsale-secret-0123456789', null).ok).toBe(true);
    expect(auth.check('198.51.100.1', 'Bearer upsale-secret-0123456789', null)).toMatchObject({ ok: false, status: 403, error: expect.stringContaining('198.51.100.1 is not in') });
    expect(auth.check('203.0.113.9', undefined, null)).toMatchObject({ ok: false, status: 401, error: expect.stringContaining('missing upsale secret') });
    expect(auth.check('203.0.113.9', 'Bearer wrong', null)).toMatchObject({ ok: false, status: 401, error: expect.stringContaining('wrong upsale secret') });
    const secretOnly = callerAuth({ target: 'tv', allowIps: [], secret: 'upsale-secret-0123456789' });
    expect(secretOnly.check('198.51.100.1', undefined, 'upsale-secret-0123456789').ok).toBe(true);
    const ipOnly = callerAuth({ target: 'tv', allowIps: ['127.0.0.1'] });
    expect(ipOnly.check('127.0.0.1', undefined, null).ok).toBe(true);
    expect(ipOnly.check(undefined, undefined, null).ok).toBe(false);
  });
});

describe('upsale callback parameters', () => {
  it('routes the four paths under any prefix', () => {
    expect(parseRoute('/upsale/v3/add-subscription/ensure')).toEqual({ operation: 'add', phase: 'ensure' });
    expect(parseRoute('/api/upsale/v3/replace-subscription/commit/')).toEqual({ operation: 'replace', phase: 'commit' });
    expect(parseRoute('/upsale/v3/remove-subscription/ensure')).toBeNull();
  });

  it('names every problem', () => {
    const r = parseParams({ operation: 'replace', phase: 'commit' }, new URLSearchParams('accountId=a&newOfferId=5&oldOfferId=5&trialDays=x&qsTransactionId=1&qsTransactionId=2'));
    expect(r).toEqual({
      ok: false,
      problems: ['accountLogin is required', 'qsTransactionId is given 2 times', 'billingTransactionId is required', "trialDays must be a whole number of days, not 'x'", 'oldOfferId and newOfferId are the same offer'],
    });
    const add = parseParams({ operation: 'add', phase: 'ensure' }, new URLSearchParams('accountId=a&accountLogin=l&newOfferId=5&oldOfferId=4&qsTransactionId=q'));
    expect(add).toEqual({ ok: false, problems: ['oldOfferId belongs to replace-subscription, not add-subscription'] });
    const ok = parseParams({ operation: 'add', phase: 'ensure' }, new URLSearchParams('accountId=a&accountLogin=l&newOfferId=5010&qsTransactionId=q&trialDays=7'));
    expect(ok).toMatchObject({ ok: true, params: { accountId: 'a', newOfferId: '5010', oldOfferId: null, trialDays: 7, billingTransactionId: null } });
  });
});
