import { describe, expect, it } from 'vitest';
import {
  httpUrlOption, optionalTextOption, positiveIntOption, rateOption, requiredTextOption, timeoutMsOption, urlOption, utcOffsetOption,
} from '../../../src/config/option-readers.js';
import { BillsyncError } from '../../../src/model/errors.js';

/** The BillsyncError `fn` throws, as `{message, path, fix}`. */
function problem(fn: () => unknown): { message: string; path?: string; fix?: string } {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof BillsyncError)) throw e;
    return { message: e.message, path: e.path, fix: e.fix };
  }
  throw new Error('expected a BillsyncError');
}

describe('source option readers', () => {
  it('require non-empty text, naming the owner, the path and the caller\'s fix', () => {
    expect(requiredTextOption({ login: 'op' }, 'login', 'sources.b', { owner: 'a hydra source', fix: 'x' })).toBe('op');
    expect(problem(() => requiredTextOption({ login: '' }, 'login', 'sources.b', { owner: 'a hydra source', fix: 'set it' }))).toEqual({
      message: 'login is required for a hydra source', path: 'sources.b.login', fix: 'set it',
    });
  });

  it('read positive integers and leave absent ones undefined', () => {
    expect(positiveIntOption({ per_page: 7 }, 'per_page', 'sources.b')).toBe(7);
    expect(positiveIntOption({ per_page: null }, 'per_page', 'sources.b')).toBeUndefined();
    for (const bad of [0, 1.5, '7']) {
      expect(problem(() => positiveIntOption({ per_page: bad }, 'per_page', 'sources.b'))).toMatchObject({
        message: 'per_page must be a positive integer', path: 'sources.b.per_page',
      });
    }
  });

  it('read both rate forms, with the system default concurrency', () => {
    expect(rateOption({}, 'sources.b', 4)).toEqual({ requests: undefined, perSeconds: undefined, concurrency: 4 });
    expect(rateOption({ rate: { requests: 10, per_seconds: 2 }, concurrency: 3 }, 'sources.b', 8)).toEqual({ requests: 10, perSeconds: 2, concurrency: 3 });
    expect(rateOption({ rate: { requests: 5, perSeconds: 1, concurrency: 2 }, concurrency: 3 }, 'sources.b', 8)).toEqual({ requests: 5, perSeconds: 1, concurrency: 2 });
    expect(problem(() => rateOption({ concurrency: 0 }, 'sources.b', 8)).path).toBe('sources.b.concurrency');
  });

  it('parse url and utc_offset', () => {
    expect(urlOption('http://billing:34012/x', 'sources.b', 'fix').pathname).toBe('/x');
    expect(problem(() => urlOption('not a url', 'sources.b', 'give one'))).toEqual({ message: "'not a url' is not a URL", path: 'sources.b.url', fix: 'give one' });
    expect(utcOffsetOption({}, 'sources.b', 'fix')).toBe(180);
    expect(utcOffsetOption({ utc_offset: '-05:30' }, 'sources.b', 'fix')).toBe(-330);
    expect(problem(() => utcOffsetOption({ utc_offset: 'MSK' }, 'sources.b', 'set it'))).toEqual({
      message: 'utc_offset must look like +03:00', path: 'sources.b.utc_offset', fix: 'set it',
    });
  });
});

describe('target option readers', () => {
  it('accept only http(s) URLs', () => {
    expect(httpUrlOption({ url: 'https://tv.example/v2/' }, 'targets.tv', 'smotreshka', 'fix').origin).toBe('https://tv.example');
    for (const url of ['ftp://x', 'http://', 42, undefined]) {
      expect(problem(() => httpUrlOption({ url }, 'targets.tv', 'smotreshka', 'give one'))).toEqual({
        message: 'smotreshka url must be an http(s) URL', path: 'targets.tv.url', fix: 'give one',
      });
    }
  });

  it('read optional text and timeouts', () => {
    expect(optionalTextOption({}, 'token', 'targets.y', 'smartyard', 'fix')).toBeUndefined();
    expect(optionalTextOption({ token: 't' }, 'token', 'targets.y', 'smartyard', 'fix')).toBe('t');
    expect(problem(() => optionalTextOption({ token: '' }, 'token', 'targets.y', 'smartyard', 'remove it'))).toEqual({
      message: 'smartyard token must be non-empty text when set', path: 'targets.y.token', fix: 'remove it',
    });
    expect(timeoutMsOption({}, 'targets.y', 'smarty')).toBeUndefined();
    expect(timeoutMsOption({ timeout_ms: 2.5 }, 'targets.y', 'smarty')).toBe(2.5);
    expect(problem(() => timeoutMsOption({ timeout_ms: 0 }, 'targets.y', 'smarty'))).toEqual({
      message: 'smarty timeout_ms must be a positive number of milliseconds', path: 'targets.y.timeout_ms', fix: undefined,
    });
  });
});
