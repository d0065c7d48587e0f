/**
 * The emulator's in-memory data. Records are compact (numbers and short strings, times as epoch
 * ms); the Oracle-style JSON the API serves is rendered from them per request (render.ts), so
 * 100k customers fit in memory without holding 100k JSON documents.
 */

/** A building; customers living in it share its id (`n_house_id`) and address prefix. */
export interface HydraHouse {
  readonly id: number;
  readonly regionId: number;
  readonly city: string;
  readonly street: string;
  readonly number: string;
  readonly entrances: number;
  readonly floors: number;
}

export interface HydraSubscriptionRecord {
  readonly id: number;
  serviceId: number;
  /** Epoch ms. */
  begin: number;
  /** Epoch ms; null = open-ended. */
  end: number | null;
  /** `c_fl_closed` = 'Y'. */
  closed: boolean;
  /** Base subscription an add-on hangs off (`n_par_subscription_id`). */
  parentId: number | null;
  /** Subscription this one replaced (`n_prev_subscription_id`). */
  prevId: number | null;
}

/**
 * A customer's equipment (a set-top box): one object with one entry (port) carrying its MAC
 * address (`n_addr_type_id` 4006). Only customers a test gave equipment have any.
 */
export interface HydraEquipmentRecord {
  readonly objectId: number;
  readonly entryId: number;
  readonly addressId: number;
  /** As Hydra writes it: upper-case, `-` separated (HYD-S). */
  readonly mac: string;
  readonly serial: string;
  /** `n_obj_state_id`: 1040 active, 2040 not active, 3040 register-off. */
  stateId: number;
}

/** A payment onto the customer's account (INFERRED route, see routes.ts). */
export interface HydraPaymentRecord {
  readonly docId: number;
  /** Roubles. */
  readonly sum: number;
  /** Epoch ms. */
  readonly at: number;
  readonly rem: string;
}

export interface HydraCustomerRecord {
  /** `n_subject_id` = `n_customer_id`. */
  readonly id: number;
  /** Full name, surname first (`vc_base_subject_name`). */
  name: string;
  female: boolean;
  /** `n_subj_state_id`: 2011 on, 6011 payments locked, … */
  stateId: number;
  /** Epoch ms. */
  created: number;
  readonly accountId: number;
  /** Personal account number (`vc_account`). */
  account: string;
  /** Balance in roubles. */
  balance: number;
  phones: readonly string[];
  house: HydraHouse;
  entrance: number;
  floor: number;
  flat: number;
  tags: readonly string[];
  subscriptions: HydraSubscriptionRecord[];
  equipment?: HydraEquipmentRecord[];
  payments?: HydraPaymentRecord[];
}

export interface HydraCatalogItem {
  readonly id: number;
  readonly name: string;
  readonly code: string;
}

/** Everything the emulator serves. */
export interface HydraData {
  /** Ordered by id. */
  readonly customers: HydraCustomerRecord[];
  readonly catalog: Map<number, HydraCatalogItem>;
  readonly houses: readonly HydraHouse[];
  /** The "now" the data was generated around (epoch ms, whole seconds). */
  readonly now: number;
  /** Next free `n_subscription_id`. */
  nextSubscriptionId: number;
}

/** Hydra subject states (`n_subj_state_id`). */
export const SUBJ_STATE = {
  off: 1011,
  on: 2011,
  locked: 3011,
  disabled: 4011,
  manuallySuspended: 5011,
  paymentsLocked: 6011,
  clIssuingSuspended: 7011,
} as const;

export const ACCOUNT_TYPE_PERSONAL = 2042;
export const ADDR_TYPE_FACT = 1006;
export const ADDR_TYPE_MAC = 4006;
export const ADDR_TYPE_PHONE = 13006;
export const SUBJ_TYPE_PERSON = 18001;
