/**
 * A purchase the subscriber made inside the Smotreshka app (the upsale callbacks): the platform
 * asked the billing to `ensure` it, granted access, then `commit`ted it. billsync records it so
 * the planner keeps what the platform already holds until the billing reflects it.
 */

/** add: one more package; replace: `oldOffer` swapped for `newOffer` (a base package switch). */
export type PurchaseOperation = 'add' | 'replace';

/**
 * ensured: reserved, access not yet confirmed (the planner ignores it);
 * committed: the platform holds it, the billing does not yet (the planner keeps it);
 * reflected: the billing's own data now says the same — billsync treats it as any billing change;
 * expired: older than the bridge's `keep_for` and still not in the billing (no longer kept).
 */
export type PurchaseState = 'ensured' | 'committed' | 'reflected' | 'expired';

export interface Purchase {
  /** Target name the purchase belongs to (the Smotreshka target). */
  readonly target: string;
  /** The platform's transaction id: the idempotency key. */
  readonly qsTransactionId: string;
  /** The id billsync answered `ensure` with (a UUID). */
  readonly billingTransactionId: string;
  readonly operation: PurchaseOperation;
  /** Key of the account entity (the username as mapped, without the wire prefix). */
  readonly accountKey: string;
  /** The platform's account id as the callback gave it. */
  readonly accountId: string;
  readonly newOffer: string;
  /** Only for replace. */
  readonly oldOffer: string | null;
  readonly trialDays: number | null;
  readonly state: PurchaseState;
  readonly ensuredAt: string;
  readonly committedAt: string | null;
  /** `serviceStartTimestamp` of the commit, as the platform sent it. */
  readonly serviceStart: string | null;
  /** When it became reflected or expired. */
  readonly endedAt: string | null;
}
