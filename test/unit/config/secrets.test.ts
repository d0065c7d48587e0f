import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parseYaml } from '../../../src/config/load.js';
import { isSecretKey, resolveSecrets } from '../../../src/config/secrets.js';
import { fixtureDir } from './fixture-dir.js';

const resolveText = (text: string, env: NodeJS.ProcessEnv, baseDir = '/nonexistent') =>
  resolveSecrets(parseYaml(text, 'sync.yaml'), { env, baseDir });

describe('resolveSecrets', () => {
  it('expands env vars, defaults and escapes in any string value', () => {
    const r = resolveText(
      [
        'url: http://${HOST}:${PORT:-3000}/rest',
        'empty_default: ${UNSET:-}',
        "literal: 'cost $${amount}'",
        "list: ['a-${HOST}', 5]",
        'nested: { deep: { x: "${HOST}" } }',
      ].join('\n'),
      { HOST: 'hydra.local' },
    );
    expect(r.errors).toEqual([]);
    expect(r.value).toEqual({
      url: 'http://hydra.local:3000/rest',
      empty_default: '',
      literal: 'cost ${amount}',
      list: ['a-hydra.local', 5],
      nested: { deep: { x: 'hydra.local' } },
    });
    expect(r.secretValues).toEqual([]);
    expect(r.redacted).toEqual(r.value);
  });

  it('reports a missing env var at the value, with the fix, never the value', () => {
    const r = resolveText('sources:\n  hydra:\n    login: op\n    password: ${HYDRA_PASSWORD}\n', {});
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0]!;
    expect(e.code).toBe('CONFIG_SECRET');
    expect(e.position).toEqual({ file: 'sync.yaml', line: 4, col: 15 });
    expect(e.path).toBe('sources.hydra.password');
    expect(e.message).toBe('environment variable HYDRA_PASSWORD is not set');
    expect(e.fix).toBe('export HYDRA_PASSWORD=… before running billsync, or use ${file:/path/to/secret}');
  });

  it('treats an empty variable as missing, but honours :- defaults for it', () => {
    expect(resolveText('a: ${X}\n', { X: '' }).errors[0]?.message).toBe('environment variable X is empty');
    expect(resolveText('a: ${X:-d}\n', { X: '' }).value).toEqual({ a: 'd' });
  });

  it('rejects malformed references', () => {
    expect(resolveText('a: ${X\n', {}).errors[0]?.message).toBe('unterminated ${ reference (no closing })');
    expect(resolveText('a: ${not valid}\n', {}).errors[0]?.message).toBe('invalid reference ${not valid}');
  });

  it('reads ${file:} relative to the base dir, trims the trailing newline, and marks it secret', () => {
    const dir = fixtureDir({ 'secrets/key': 's3cr3t-key\n\n', 'abs': 'abs-value\r\n' });
    const r = resolveText(`a: \${file:secrets/key}\nb: 'Bearer \${file:${join(dir, 'abs')}}'\n`, {}, dir);
    expect(r.errors).toEqual([]);
    expect(r.value).toEqual({ a: 's3cr3t-key', b: 'Bearer abs-value' });
    expect(r.redacted).toEqual({ a: '[secret]', b: '[secret]' });
    expect(r.secretValues).toEqual(expect.arrayContaining(['s3cr3t-key', 'abs-value', 'Bearer abs-value']));
  });

  it('reports an unreadable secret file at the value', () => {
    const dir = fixtureDir({});
    const r = resolveText('x: 1\napi_key: ${file:missing}\n', {}, dir);
    expect(r.errors[0]?.code).toBe('CONFIG_SECRET');
    expect(r.errors[0]?.position).toEqual({ file: 'sync.yaml', line: 2, col: 10 });
    expect(r.errors[0]?.message).toBe(`cannot read secret file ${join(dir, 'missing')} (ENOENT)`);
  });

  it('collects values under secret keys (env or literal) and URL passwords', () => {
    const r = resolveText(
      [
        'password: ${PW}',
        'api_key: literal-key',
        'db_token: 12345',
        'login: operator',
        'store: postgres://bill:p%40ss@db/billsync',
      ].join('\n'),
      { PW: 'hunter2' },
    );
    expect(r.secretValues).toEqual(expect.arrayContaining(['hunter2', 'literal-key', '12345', 'p%40ss', 'p@ss']));
    expect(r.secretValues).not.toContain('operator');
    expect(r.redacted).toEqual({
      password: '[secret]',
      api_key: '[secret]',
      db_token: '[secret]',
      login: 'operator',
      store: 'postgres://bill:secret@db/billsync',
    });
  });
});

describe('isSecretKey', () => {
  it('matches secret-looking keys only', () => {
    expect(['password', 'api_key', 'token', 'secret', 'db_password', 'API_KEY'].every(isSecretKey)).toBe(true);
    expect(['login', 'url', 'tokens_url', 'key', 'secretary'].some(isSecretKey)).toBe(false);
  });
});
