/**
 * The mapping file format (mappings/*.yaml), as plain data after YAML parsing, and the
 * result of mapping one subscriber. Documented for users in schemas/mapping.schema.json.
 *
 * ```yaml
 * source: hydra            # a source name from sync.yaml
 * target: smarty           # a target name from sync.yaml
 * filter:                  # all must hold, else the subscriber is out of scope for this target
 *   - { field: status, not_in: [off] }
 *   - { field: account, matches: '^\d+$' }
 * entities:
 *   customer:
 *     key: '{{ id }}'
 *     attrs:
 *       lastname: '{{ name.last }}'
 *       comment: 'USER_{{ id }}'
 *       mobile_phone_number: '{{ contacts.phones | first | digits }}'
 *   account:
 *     parent: customer
 *     key: '{{ account }}'
 *     attrs: { allow_login_by_abonement: true }
 * status:                  # canonical status → attrs merged into one entity
 *   entity: account
 *   map:
 *     active:       { active: true,  status_reason: ACTIVE }
 *     blocked_debt: { active: false, status_reason: DEBT }
 *   default: { active: false, status_reason: BLOCK }   # optional; without it unlisted statuses skip
 * tariffs:                 # the seed's own shape: target tariff id ← list of source service ids
 *   entity: customer
 *   set: tariffs
 *   table:
 *     '2': [1, 2, 3, 4]
 *     '3': [5, 6, 7, 8]
 *   ignore: [100, 101]     # source services that are not for this target (internet, phone…)
 *   unmapped: skip         # skip (default) | ignore — a service id neither mapped nor ignored
 *   base: ['2']            # optional: base packages; a subscriber with two of them is skipped
 *   require_base: false    # optional: with base, skip a subscriber that has none
 * access:                  # needs the target's inventory (SmartYard): devices by house/entrance
 *   entity: rights
 *   set: devices
 *   services: [501, 502]   # source services that grant access (any one of them)
 *   house: '{{ address.houseId }}'
 *   entrance: '{{ address.entrance }}'   # optional: without it, building-wide devices only
 * ```
 */
import type { Entity } from '../model/entity.js';

export interface FilterCondition {
  readonly field: string;
  readonly eq?: unknown;
  readonly ne?: unknown;
  readonly in?: readonly unknown[];
  readonly not_in?: readonly unknown[];
  readonly matches?: string;
  readonly exists?: boolean;
}

export interface EntityMappingSpec {
  readonly key: string;
  readonly parent?: string;
  readonly attrs?: Readonly<Record<string, string | number | boolean | null>>;
  /**
   * Keys of the entity's JSON object attribute (Smarty customer `meta`) → value or template.
   * Only these keys are managed; other keys the target holds are kept.
   */
  readonly meta?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface StatusMappingSpec {
  readonly entity: string;
  readonly map: Readonly<Record<string, Readonly<Record<string, string | number | boolean | null>>>>;
  readonly default?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface TariffMappingSpec {
  readonly entity: string;
  readonly set: string;
  readonly table: Readonly<Record<string, readonly (string | number)[]>>;
  readonly ignore?: readonly (string | number)[];
  readonly unmapped?: 'skip' | 'ignore';
  /** Target tariff ids that are base packages (Smotreshka: one base, any number of extras). */
  readonly base?: readonly (string | number)[];
  /** With `base`: a subscriber with no base package is skipped (default false). */
  readonly require_base?: boolean;
  /** Target tariff id → name shown in plans (overrides the target's catalogue). */
  readonly names?: Readonly<Record<string, string>>;
}

/**
 * Access to the devices of the target's inventory that serve the subscriber's address: the
 * entrance's devices plus the house's building-wide ones, while a granting service is active.
 */
export interface AccessMappingSpec {
  readonly entity: string;
  readonly set: string;
  readonly services: readonly (string | number)[];
  readonly house: string;
  readonly entrance?: string;
}

/**
 * Devices (set-top boxes) bound by UID: one entity of the target's device kind per UID, under
 * the named entity. MAC addresses are normalised to `aa:bb:cc:dd:ee:ff`.
 */
export interface DevicesMappingSpec {
  /** The entity the devices belong to (the device kind's parent). */
  readonly entity: string;
  /** Template giving the list of UIDs, e.g. `{{ devices }}`. */
  readonly uids: string;
  /** The device kind (default `device`). */
  readonly kind?: string;
  /** Device attrs (e.g. Smarty `system_name`), the same for every device of the subscriber. */
  readonly attrs?: Readonly<Record<string, string | number | boolean | null>>;
  /** A boolean attr of the owning entity set to whether the subscriber has any device. */
  readonly login_attr?: string;
  /**
   * Only UIDs (normalised) this regular expression finds are devices; the others are left out.
   * For sources whose MACs are not all set-top boxes (UserSide `ip_mac` holds CPE and router
   * MACs): e.g. `'^00:1a:79:'` keeps one vendor's boxes.
   */
  readonly matches?: string;
}

/** Payments sent as transactions: one entity of the target's transaction kind per payment. */
export interface TransactionsMappingSpec {
  /** The entity the transactions belong to (the transaction kind's parent). */
  readonly entity: string;
  /** The transaction kind (default `transaction`). */
  readonly kind?: string;
  /** Put before every payment id: keeps the ids of two billings apart on one target. */
  readonly id_prefix?: string;
  /** Comment of every transaction (default: the payment's own comment). */
  readonly comment?: string;
}

export interface MappingSpec {
  readonly source: string;
  readonly target: string;
  readonly filter?: readonly FilterCondition[];
  readonly entities: Readonly<Record<string, EntityMappingSpec>>;
  readonly status?: StatusMappingSpec;
  readonly tariffs?: TariffMappingSpec;
  readonly access?: AccessMappingSpec;
  readonly devices?: DevicesMappingSpec;
  readonly transactions?: TransactionsMappingSpec;
}

/**
 * Something an operator should know about a subscriber that was mapped all the same (e.g. an
 * address no device serves, so no access was granted). Not a skip: the entities stand.
 */
export interface MapNotice {
  /** The same text for every subscriber in the same situation: reports group by it. */
  readonly message: string;
  /** This subscriber's particulars, e.g. `house '1001', entrance '7'`. */
  readonly detail: string;
}

/** What mapping one subscriber produced. */
export type MapResult =
  | { readonly kind: 'entities'; readonly entities: readonly Entity[]; readonly notices?: readonly MapNotice[] }
  /** The filter excluded it: the target should not have it. */
  | { readonly kind: 'out_of_scope' }
  /** Its data could not be mapped: leave whatever the target has for it alone. */
  | { readonly kind: 'skipped'; readonly reason: string };
