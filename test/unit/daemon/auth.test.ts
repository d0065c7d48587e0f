import { describe, expect, it } from 'vitest';
import { bearerMatches } from '../../../src/daemon/auth.js';
import { daemonUrlFromListen } from '../../../src/daemon/client.js';
import { advisoryKey } from '../../../src/lock/advisory-key.js';
import { parseDuration } from '../../../src/config/daemon.js';

describe('daemon helpers', () => {
  it('bearerMatches accepts only the exact token', () => {
    const token = 'a-very-long-secret-token';
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches('Bearer ', '')).toBe(false);
  });

  it('advisory keys are stable signed 64-bit integers, distinct per target and store', () => {
    const k = advisoryKey('/test/s1', 'smarty');
    expect(k).toBe(advisoryKey('/test/s1', 'smarty'));
    expect(BigInt(k)).toBeGreaterThanOrEqual(-(2n ** 63n));
    expect(BigInt(k)).toBeLessThan(2n ** 63n);
    expect(advisoryKey('/test/s1', 'smotreshka')).not.toBe(k);
    expect(advisoryKey('/test/s2', 'smarty')).not.toBe(k);
  });

  it('daemon URL from listen; port 0 means none to ask', () => {
    expect(daemonUrlFromListen('127.0.0.1:8089')).toBe('http://127.0.0.1:8089');
    expect(daemonUrlFromListen('0.0.0.0:9000')).toBe('http://127.0.0.1:9000');
    expect(daemonUrlFromListen(':9000')).toBe('http://127.0.0.1:9000');
    expect(daemonUrlFromListen('127.0.0.1:0')).toBeNull();
  });

  it('parseDuration', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('5')).toBeNull();
    expect(parseDuration('m')).toBeNull();
  });
});
