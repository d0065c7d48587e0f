/**
 * The parts of Hoper's REST v2 JSON the source reads (shared/api/hydra.md §1). Every object may
 * carry more fields; they stay reachable through the index signature (and `raw`).
 */

export interface HydraCustomer {
  readonly n_subject_id: number;
  readonly vc_base_subject_name?: string | null;
  /** 18001 = person. */
  readonly n_base_subj_type_id?: number | null;
  readonly n_subj_state_id?: number | null;
  readonly vc_name?: string | null;
  readonly vc_code?: string | null;
  readonly [field: string]: unknown;
}

export interface HydraAccount {
  readonly n_account_id?: number;
  /** 2042 = personal account (лицевой счёт). */
  readonly n_account_type_id?: number | null;
  readonly vc_account?: string | null;
  readonly [field: string]: unknown;
}

export interface HydraSubscription {
  readonly n_subscription_id?: number;
  readonly n_service_id: number;
  readonly d_begin?: string | null;
  /** null = open-ended. */
  readonly d_end?: string | null;
  /** 'Y' / 'N'. */
  readonly c_fl_closed?: string | null;
  readonly [field: string]: unknown;
}

export interface HydraSubjectAddress {
  /** 1006 = fact address, 13006 = phone, 6006 = e-mail. */
  readonly n_addr_type_id?: number | null;
  readonly vc_visual_code?: string | null;
  readonly vc_address?: string | null;
  readonly vc_code?: string | null;
  readonly c_fl_main?: string | null;
  readonly vc_flat?: string | null;
  readonly vc_entrance_no?: string | null;
  readonly n_floor_no?: number | string | null;
  readonly n_house_id?: number | string | null;
  readonly d_end?: string | null;
  readonly [field: string]: unknown;
}

export interface HydraCatalogItem {
  readonly n_service_id?: number;
  readonly vc_name?: string | null;
  readonly [field: string]: unknown;
}

/** Everything read for one customer, the input of normalisation. */
export interface HydraCustomerBundle {
  readonly customer: HydraCustomer;
  readonly accounts: readonly HydraAccount[];
  readonly subscriptions: readonly HydraSubscription[];
  readonly addresses: readonly HydraSubjectAddress[];
}

export const ACCOUNT_TYPE_PERSONAL = 2042;
export const ADDR_TYPE_FACT = 1006;
export const ADDR_TYPE_EMAIL = 6006;
export const ADDR_TYPE_PHONE = 13006;
export const SUBJ_TYPE_PERSON = 18001;
