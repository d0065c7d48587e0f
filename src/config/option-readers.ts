/**
 * Readers for the options of a `sources.<name>` or `targets.<name>` block (snake_case, secrets
 * already resolved), shared by the source and target adapters. Each checks one value and throws a
 * CONFIG_RULE error naming its config path (`at` is the block's path, e.g. `sources.billing`);
 * the wording that differs per system comes from the caller.
 */
import { BillsyncError } from '../model/errors.js';
import type { RateLimit } from '../util/rate-limit.js';
import { parseUtcOffset } from '../util/utc-offset.js';

/** A `sources.<name>` or `targets.<name>` block as the adapter receives it. */
export type OptionBlock = Readonly<Record<string, unknown>>;

/** A required non-empty string: `<key> is required for <owner>` (owner e.g. `a hydra source`). */
export function requiredTextOption(config: OptionBlock, key: string, at: string, missing: { readonly owner: string; readonly fix: string }): string {
  const v = config[key];
  if (typeof v !== 'string' || v === '') {
    throw new BillsyncError('CONFIG_RULE', `${key} is required for ${missing.owner}`, { path: `${at}.${key}`, fix: missing.fix });
  }
  return v;
}

/** An optional true/false; false when absent. */
export function booleanOption(config: OptionBlock, key: string, at: string): boolean {
  const v = config[key];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new BillsyncError('CONFIG_RULE', `${key} must be true or false`, { path: `${at}.${key}`, fix: `write ${key}: true or ${key}: false` });
  return v;
}

/** An optional positive integer; undefined when absent (or null). */
export function positiveIntOption(config: OptionBlock, key: string, at: string): number | undefined {
  const v = config[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new BillsyncError('CONFIG_RULE', `${key} must be a positive integer`, { path: `${at}.${key}` });
  }
  return v;
}

/**
 * A source's rate limit. Accepts the config layer's RateLimit (`{requests, perSeconds,
 * concurrency}`) and the raw YAML form (`rate: {requests, per_seconds}` plus a sibling
 * `concurrency`); `defaultConcurrency` is the system's own.
 */
export function rateOption(config: OptionBlock, at: string, defaultConcurrency: number): RateLimit {
  const raw = config.rate;
  const rate = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const num = (v: unknown): number | undefined => (typeof v === 'number' && v > 0 ? v : undefined);
  return {
    requests: num(rate.requests),
    perSeconds: num(rate.perSeconds) ?? num(rate.per_seconds),
    concurrency: num(rate.concurrency) ?? positiveIntOption(config, 'concurrency', at) ?? defaultConcurrency,
  };
}

/** `text` (the block's `url`) parsed as a URL: `'<text>' is not a URL` otherwise. */
export function urlOption(text: string, at: string, fix: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new BillsyncError('CONFIG_RULE', `'${text}' is not a URL`, { path: `${at}.url`, fix });
  }
}

/** `utc_offset` (default `+03:00`, Moscow) in minutes east of UTC. */
export function utcOffsetOption(config: OptionBlock, at: string, fix: string): number {
  const text = config.utc_offset ?? '+03:00';
  const minutes = typeof text === 'string' ? parseUtcOffset(text) : null;
  if (minutes === null) throw new BillsyncError('CONFIG_RULE', 'utc_offset must look like +03:00', { path: `${at}.utc_offset`, fix });
  return minutes;
}

/** A target's `url`, which must be an http(s) URL: `<system> url must be an http(s) URL`. */
export function httpUrlOption(config: OptionBlock, at: string, system: string, fix: string): URL {
  const url = config.url;
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' && /^https?:\/\//.test(url) ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed) throw new BillsyncError('CONFIG_RULE', `${system} url must be an http(s) URL`, { path: `${at}.url`, fix });
  return parsed;
}

/** An optional string that must not be empty when given (a key or token a target may send). */
export function optionalTextOption(config: OptionBlock, key: string, at: string, system: string, fix: string): string | undefined {
  const v = config[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') {
    throw new BillsyncError('CONFIG_RULE', `${system} ${key} must be non-empty text when set`, { path: `${at}.${key}`, fix });
  }
  return v;
}

/** A target's optional `timeout_ms`: any positive number of milliseconds. */
export function timeoutMsOption(config: OptionBlock, at: string, system: string): number | undefined {
  const v = config.timeout_ms;
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v > 0)) {
    throw new BillsyncError('CONFIG_RULE', `${system} timeout_ms must be a positive number of milliseconds`, { path: `${at}.timeout_ms` });
  }
  return v;
}
