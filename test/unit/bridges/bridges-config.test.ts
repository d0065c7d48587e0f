/** sync.yaml's `bridges:` section through loadConfig: off by default, defaults, errors with positions, not in the plan hash. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { fixtureDir, goodFiles, GOOD_SYNC } from '../config/fixture-dir.js';

const ENV = { HYDRA_PASSWORD: 'hydra-pw', BRIDGE_TOKEN: 'bridge-token-0123456789' };

async function load(extra: string, env: Record<string, string> = ENV) {
  const dir = fixtureDir(goodFiles({ 'sync.yaml': GOOD_SYNC + extra }));
  return loadConfig(join(dir, 'sync.yaml'), env);
}

async function errorsOf(extra: string): Promise<string[]> {
  const err = await load(extra).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigErrors);
  return (err as ConfigErrors).errors.map((e) => e.format());
}

describe('bridges config', () => {
  it('is off unless configured', async () => {
    expect((await load('')).bridges).toBeUndefined();
  });

  it('builds each bridge: its source, mapping path, token (own, shared, else daemon.token) and refresh', async () => {
    const c = await load(
      [
        'daemon:',
        '  token: daemon-token-0123456789',
        'bridges:',
        '  token: ${BRIDGE_TOKEN}',
        '  refresh: 2m',
        '  usm_billing: { source: hydra, mapping: mappings/bridge-usm-billing.yaml }',
        "  smartyard_billing: { source: hydra, mapping: m/sy.yaml, token: 'own-token-0123456789', refresh: 30s }",
        '',
      ].join('\n'),
    );
    const b = c.bridges!.bridges;
    expect(b.usm_billing).toMatchObject({ source: 'hydra', token: ENV.BRIDGE_TOKEN, refreshMs: 120_000 });
    expect(b.usm_billing!.mapping).toBe(join(c.dir, 'mappings/bridge-usm-billing.yaml'));
    expect(b.smartyard_billing).toMatchObject({ token: 'own-token-0123456789', refreshMs: 30_000 });
    expect(c.secretValues).toContain(ENV.BRIDGE_TOKEN);
    const noShared = await load(['daemon:', '  token: daemon-token-0123456789', 'bridges:', '  usm_billing: { source: hydra, mapping: x.yaml }', ''].join('\n'));
    expect(noShared.bridges!.bridges.usm_billing!.token).toBe('daemon-token-0123456789');
  });

  it('says what is wrong, where', async () => {
    const errs = await errorsOf(['bridges:', '  usm_billing: { source: lanbilling, mapping: x.yaml, token: short }', '  refresh: soon', ''].join('\n'));
    expect(errs.join('\n')).toMatch(/refresh/);
    const rule = await errorsOf(['bridges:', '  usm_billing: { source: lanbilling, mapping: x.yaml, token: short-token }', ''].join('\n'));
    expect(rule).toEqual([
      expect.stringMatching(/sync\.yaml:\d+:\d+ bridges\.usm_billing\.source: bridge usm_billing names no source of this file \('lanbilling'\)\n  fix: use one of the names under sources: \(hydra\)/),
    ]);
    const short = await errorsOf(['bridges:', '  usm_billing: { source: hydra, mapping: x.yaml, token: short-token }', ''].join('\n'));
    expect(short[0]).toMatch(/bridges\.usm_billing\.token: the token is 11 characters long; at least 16/);
    expect(short[0]).not.toContain('short-token');
    const unknown = await errorsOf(['bridges:', '  usm_biling: { source: hydra, mapping: x.yaml }', ''].join('\n'));
    expect(unknown.join('\n')).toMatch(/usm_biling/);
  });

  it('changes no plan: the config hash ignores the bridges section', async () => {
    const a = await load('');
    const b = await load(['bridges:', "  usm_billing: { source: hydra, mapping: x.yaml, token: '${BRIDGE_TOKEN}' }", ''].join('\n'));
    expect(b.hash).toBe(a.hash);
  });
});
