/**
 * The parts of UserSide's answers the source reads (shared/api/userside.md §3–§6), decoded from
 * whichever JSON shape the install sent into one typed form. Text is as sent (HTML entities
 * included): normalisation decodes it, so raw values stay comparable with the ERP's own.
 */
import type { UsDate } from './dates.js';

export interface UsTariffRef {
  readonly id: number;
  readonly start: UsDate | null;
  readonly finish: UsDate | null;
}

export interface UsAddress {
  readonly type: string;
  readonly houseId: number | null;
  readonly entrance: string;
  readonly floor: string;
  readonly flat: string;
  /** The address line UserSide sent (`apartment.full_name` or `full_name`), '' when none. */
  readonly text: string;
}

export interface UsContact {
  readonly value: string;
  readonly main: boolean;
}

/** A customer card (`get_data`) or bulk row (`get_user_list`); both have this structure. */
export interface UsCustomer {
  readonly id: number;
  readonly login: string;
  readonly fullName: string;
  readonly corporate: boolean;
  /** A prospect, not connected yet: not a subscriber. */
  readonly potential: boolean;
  readonly disabled: boolean;
  readonly agreements: readonly { readonly number: string; readonly date: UsDate | null }[];
  readonly accountNumber: string;
  readonly balance: number | null;
  readonly credit: number | null;
  /** null when missing or not a number. */
  readonly stateId: number | null;
  readonly currentTariffs: readonly UsTariffRef[];
  readonly nextTariffs: readonly UsTariffRef[];
  readonly phones: readonly UsContact[];
  readonly emails: readonly UsContact[];
  readonly addresses: readonly UsAddress[];
  /** Dotted quads and `aa:bb:…` MACs; null where the value did not decode. */
  readonly ipMac: readonly { readonly ip: string | null; readonly mac: string | null }[];
  readonly dateCreate: UsDate | null;
  readonly dateConnect: UsDate | null;
  readonly groups: readonly number[];
  readonly comment: string;
}

/** A tariff (or service) of the catalogue. */
export interface UsTariff {
  readonly id: number;
  /** As sent (HTML entities included). */
  readonly name: string;
}

/** A work state of the status configurator. */
export interface UsState {
  readonly id: number;
  readonly name: string;
  readonly functional: string;
}
