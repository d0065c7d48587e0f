/**
 * The canonical subscriber: what every source normalises its records into, and the only input
 * mappings see. Source-specific fields stay reachable under `raw` for mappings that need them.
 */

/** Canonical status every source maps its own state codes onto. */
export type SubscriberStatus =
  | 'active'
  | 'blocked_debt'
  | 'blocked_user'
  | 'blocked_manager'
  | 'blocked_traffic'
  | 'off';

export const SUBSCRIBER_STATUSES: readonly SubscriberStatus[] = [
  'active',
  'blocked_debt',
  'blocked_user',
  'blocked_manager',
  'blocked_traffic',
  'off',
];

/** A service (tariff package, subscription) the subscriber has active now. */
export interface SubscriberService {
  /** Service id in the source's catalog, as a string (ids are compared as text). */
  readonly id: string;
  readonly name?: string;
  /** ISO timestamps of the subscription's validity, when the source knows them. */
  readonly since?: string;
  readonly until?: string | null;
}

export interface SubscriberName {
  readonly full: string;
  readonly first?: string;
  readonly middle?: string;
  readonly last?: string;
}

export interface SubscriberContacts {
  readonly phones: readonly string[];
  readonly emails: readonly string[];
}

export interface SubscriberAddress {
  /** Human-readable address line. */
  readonly text?: string;
  readonly houseId?: string;
  readonly entrance?: string;
  readonly floor?: string;
  readonly flat?: string;
}

/** A payment the subscriber made, as the billing records it. */
export interface SubscriberPayment {
  /** The billing's id of the payment (unique in that billing). */
  readonly id: string;
  /** Amount in the billing's currency, decimal text with a `.` (e.g. `500.00`). */
  readonly amount: string;
  /** ISO timestamp of the payment. */
  readonly date: string;
  readonly comment?: string;
}

export interface Subscriber {
  /** Name of the source in sync.yaml that produced this record. */
  readonly source: string;
  /** Stable id of the subscriber in the source (Hydra subject id, LANBilling uid, …). */
  readonly id: string;
  /** Primary account / contract number (лицевой счёт), if the subscriber has one. */
  readonly account: string | null;
  readonly name: SubscriberName;
  readonly status: SubscriberStatus;
  readonly services: readonly SubscriberService[];
  readonly contacts: SubscriberContacts;
  readonly address: SubscriberAddress | null;
  /**
   * UIDs of the subscriber's set-top boxes and other devices (MAC addresses written
   * `aa:bb:cc:dd:ee:ff`), when the source has them and is configured to read them.
   */
  readonly devices?: readonly string[];
  /** Payments within the source's configured window, when it reads them. */
  readonly payments?: readonly SubscriberPayment[];
  /** Source fields as read, for mappings (`raw.vc_code`, …). JSON values only. */
  readonly raw: Readonly<Record<string, unknown>>;
  /**
   * Set when the source cannot tell what this subscriber should have right now (e.g. a UserSide
   * state no `status_map` entry covers): every mapping skips the subscriber with this reason, so
   * the targets keep whatever they have for it. Leaving the record out instead would read as the
   * subscriber having left (deletes); guessing a status could cut off a paying subscriber.
   */
  readonly skip?: string;
}
