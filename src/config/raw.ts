/**
 * sync.yaml as written (snake_case), after schema validation. Only code that runs on a
 * document the schema accepted may cast to these types.
 */
export interface RawRate {
  readonly requests: number;
  readonly per_seconds?: number;
}

export interface RawRetry {
  readonly max_attempts?: number;
  readonly base_delay_ms?: number;
  readonly max_delay_ms?: number;
  readonly stop_after?: number;
}

/** A count or `'N%'`. */
export type RawLimit = number | string;

export interface RawSafety {
  readonly min_source_share?: number;
  readonly max_deletes?: RawLimit;
  readonly max_blocks?: RawLimit;
  readonly max_removals?: RawLimit;
}

/** A source or target block: common keys plus type-specific options. */
export interface RawEndpoint {
  readonly type: string;
  readonly rate?: RawRate;
  readonly concurrency?: number;
  readonly retry?: RawRetry;
  readonly safety?: RawSafety;
  readonly [option: string]: unknown;
}

export interface RawSync {
  readonly version: 1;
  readonly store?: { readonly url?: string; readonly secret_key?: string };
  readonly sources: Readonly<Record<string, RawEndpoint>>;
  readonly targets: Readonly<Record<string, RawEndpoint>>;
  readonly mappings: readonly string[];
}

/** Keys of a source block that are not passed to the adapter as options. */
export const SOURCE_COMMON_KEYS: readonly string[] = ['type', 'rate', 'concurrency'];
/** Keys of a target block that are not passed to the adapter as options. */
export const TARGET_COMMON_KEYS: readonly string[] = ['type', 'rate', 'concurrency', 'retry', 'safety', 'drift'];
