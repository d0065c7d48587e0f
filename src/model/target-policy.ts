/**
 * What an operator configures per target that the planner obeys: the safety caps on destructive
 * ops and the drift policy. The config layer fills these from sync.yaml; the planner reads them.
 */

/** A delete/block cap: an absolute count or a share of the target's snapshot entities. */
export type Limit = { readonly count: number } | { readonly percent: number; /** floor of the cap */ readonly atLeast?: number };

export interface SafetyConfig {
  /**
   * If a source returns fewer than this share of the subscribers the snapshot holds for it
   * (e.g. 0.5 = half), no deletes or blocks are planned without an override.
   */
  readonly minSourceShare: number;
  readonly maxDeletes?: Limit;
  readonly maxBlocks?: Limit;
  /** Set members (tariffs, subscriptions, door rights) subscribers may lose in one run. */
  readonly maxRemovals?: Limit;
}

/** What a refreshed plan does with set members the platform added by itself. */
export type DriftPolicy = 'enforce' | 'keep' | 'report';
