import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { DEFAULT_DAEMON } from '../../../src/config/daemon.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { fixtureDir, goodFiles, GOOD_SYNC } from '../config/fixture-dir.js';

const ENV = { HYDRA_PASSWORD: 'hydra-pw-1', BILLSYNC_TOKEN: 'a-long-enough-token-123' };

const withDaemon = (section: string): string => `${GOOD_SYNC}daemon:\n${section}`;
const load = (sync: string, env: NodeJS.ProcessEnv = ENV) => loadConfig(join(fixtureDir({ ...goodFiles(), 'sync.yaml': sync }), 'sync.yaml'), env);

describe('sync.yaml daemon: section', () => {
  it('defaults when absent', async () => {
    const c = await load(GOOD_SYNC);
    expect(c.daemon).toEqual(DEFAULT_DAEMON);
  });

  it('parses durations, per-target intervals and the token (from the environment)', async () => {
    const c = await load(withDaemon("  interval: 30s\n  jitter: 0.25\n  listen: '0.0.0.0:9000'\n  token: ${BILLSYNC_TOKEN}\n  shutdown_timeout: 1m\n  targets:\n    smarty: { interval: 500ms }\n"));
    expect(c.daemon).toEqual({ intervalMs: 30_000, jitter: 0.25, listen: '0.0.0.0:9000', token: 'a-long-enough-token-123', shutdownTimeoutMs: 60_000, targetIntervalsMs: { smarty: 500 } });
    expect(c.secretValues).toContain('a-long-enough-token-123');
  });

  it('reads full_every (change-driven rounds) and refuses one shorter than the interval', async () => {
    const c = await load(withDaemon('  interval: 5m\n  full_every: 1h\n'));
    expect(c.daemon).toMatchObject({ intervalMs: 300_000, fullEveryMs: 3_600_000 });
    const err = await load(withDaemon('  interval: 5m\n  full_every: 1m\n')).catch((e: ConfigErrors) => e);
    expect(err).toBeInstanceOf(ConfigErrors);
    expect((err as ConfigErrors).format()).toMatch(/daemon\.full_every: full_every '1m' is shorter than the interval/);
  });

  it('does not change the config hash (saved plans stay valid)', async () => {
    const a = await load(GOOD_SYNC);
    const b = await load(withDaemon('  interval: 1m\n'));
    expect(b.hash).toBe(a.hash);
  });

  it('reports bad values with their position and a fix', async () => {
    const err = await load(withDaemon("  interval: soon\n  listen: nowhere\n  token: short\n  targets:\n    nope: { interval: 1s }\n")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigErrors);
    const text = (err as ConfigErrors).format();
    expect(text).toMatch(/daemon\.interval/);
    expect(text).toMatch(/daemon\.listen/);
    expect(text).toContain("got the text 'soon'");
    const rule = await load(withDaemon('  token: ${SHORT}\n  targets:\n    nope: { interval: 1s }\n'), { ...ENV, SHORT: 'abc' }).catch((e: ConfigErrors) => e);
    const lines = (rule as ConfigErrors).errors.map((e) => e.format());
    expect(lines.some((l) => /daemon\.token: the trigger token is 3 characters long/.test(l) && l.includes('openssl rand'))).toBe(true);
    expect(lines.some((l) => /daemon\.targets\.nope: no target named 'nope'/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toContain('abc');
  });

  it('reads the console switches; ui_auth token without a token is refused', async () => {
    const c = await load(withDaemon("  listen: '0.0.0.0:9000'\n  token: ${BILLSYNC_TOKEN}\n  ui: true\n  ui_auth: token\n"));
    expect(c.daemon).toMatchObject({ ui: true, uiAuth: 'token' });
    expect((await load(withDaemon('  ui: false\n'))).daemon?.ui).toBe(false);
    const err = (await load(withDaemon('  ui_auth: token\n')).catch((e: ConfigErrors) => e)) as ConfigErrors;
    expect(err).toBeInstanceOf(ConfigErrors);
    expect(err.format()).toMatch(/daemon\.ui_auth: the console asks for a login with daemon\.token, but daemon\.token is not set/);
    const bad = (await load(withDaemon('  ui_auth: password\n')).catch((e: ConfigErrors) => e)) as ConfigErrors;
    expect(bad.format()).toMatch(/daemon\.ui_auth/);
  });
});
