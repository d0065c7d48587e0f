/**
 * Validated, secret-resolved sync.yaml → the typed SourceConfig / TargetConfig records, with
 * defaults applied. Pure: no I/O.
 */
import type { RateLimit } from '../util/rate-limit.js';
import type { Limit, RetryPolicy, SafetyConfig, SourceConfig, TargetConfig, YamlPath } from './types.js';
import type { SourcePosition } from '../model/errors.js';
import { DEFAULT_STOP_AFTER, type DriftPolicy } from './types.js';
import { SOURCE_COMMON_KEYS, TARGET_COMMON_KEYS, type RawEndpoint, type RawLimit, type RawSync } from './raw.js';

/** Store used when sync.yaml has no `store.url` (relative to sync.yaml's directory). */
export const DEFAULT_STORE_URL = 'sqlite:.billsync/state.db';

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 };

/** Default share below which a source read is treated as suspect (DESIGN rule 5). */
export const DEFAULT_MIN_SOURCE_SHARE = 0.5;

type KeyPosition = (path: YamlPath) => SourcePosition;

/** All sources, by name, in the order written. */
export function buildSources(raw: RawSync, keyPositionOf: KeyPosition): Record<string, SourceConfig> {
  const out: Record<string, SourceConfig> = {};
  for (const [name, block] of Object.entries(raw.sources)) {
    out[name] = {
      name,
      type: block.type,
      options: optionsOf(block, SOURCE_COMMON_KEYS),
      rate: rateOf(block),
      position: keyPositionOf(['sources', name]),
    };
  }
  return out;
}

/** All targets, by name, in the order written. */
export function buildTargets(raw: RawSync, keyPositionOf: KeyPosition): Record<string, TargetConfig> {
  const out: Record<string, TargetConfig> = {};
  for (const [name, block] of Object.entries(raw.targets)) {
    const r = block.retry ?? {};
    out[name] = {
      name,
      type: block.type,
      options: optionsOf(block, TARGET_COMMON_KEYS),
      rate: rateOf(block),
      retry: {
        maxAttempts: r.max_attempts ?? DEFAULT_RETRY.maxAttempts,
        baseDelayMs: r.base_delay_ms ?? DEFAULT_RETRY.baseDelayMs,
        maxDelayMs: r.max_delay_ms ?? DEFAULT_RETRY.maxDelayMs,
        stopAfter: r.stop_after ?? DEFAULT_STOP_AFTER,
      },
      safety: safetyOf(block),
      drift: (block as { drift?: DriftPolicy }).drift ?? 'report',
      position: keyPositionOf(['targets', name]),
    };
  }
  return out;
}

/** The type-specific keys, as written (snake_case), secrets already resolved. */
function optionsOf(block: RawEndpoint, common: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(block).filter(([k]) => !common.includes(k)));
}

/** `rate` and `concurrency` together; absent keys stay absent so the limiter's defaults apply. */
function rateOf(block: RawEndpoint): RateLimit {
  return {
    ...(block.rate ? { requests: block.rate.requests, perSeconds: block.rate.per_seconds ?? 1 } : {}),
    ...(block.concurrency !== undefined ? { concurrency: block.concurrency } : {}),
  };
}

function safetyOf(block: RawEndpoint): SafetyConfig {
  const s = block.safety ?? {};
  return {
    minSourceShare: s.min_source_share ?? DEFAULT_MIN_SOURCE_SHARE,
    ...(s.max_deletes !== undefined ? { maxDeletes: parseLimit(s.max_deletes) } : {}),
    ...(s.max_blocks !== undefined ? { maxBlocks: parseLimit(s.max_blocks) } : {}),
    ...(s.max_removals !== undefined ? { maxRemovals: parseLimit(s.max_removals) } : {}),
  };
}

/** `100` → {count: 100}; `'10%'` → {percent: 10}. The schema has checked the shape. */
export function parseLimit(raw: RawLimit): Limit {
  if (typeof raw === 'number') return { count: raw };
  return { percent: Number.parseFloat(raw.slice(0, -1)) };
}
