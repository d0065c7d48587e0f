/**
 * The emulator's records: compact, typed, and independent of any one JSON shape, so the
 * renderer can produce each of the shapes UserSide versions answer with (shared/api/userside.md
 * §1, §3) from the same data. Dates are epoch ms; the renderer turns them into the server's
 * local `Y-m-d`, `Y-m-d H:i:s` or `dd.mm.yyyy` strings.
 */

/** A house as a caller describes it (`houses` generation option). */
export interface UsHouseSpec {
  /** UserSide house id (`address[].house_id`). */
  readonly id: number;
  /** Address line of the house, e.g. `г. Казань, ул. Ленина, д. 1`. */
  readonly address: string;
  readonly entrances: number;
  /** Floors per entrance; default 5. */
  readonly floors?: number;
  /** Flats per floor; default 4. */
  readonly flatsPerFloor?: number;
}

/** A house with its layout resolved. Flats are numbered through the house, entrance by entrance. */
export interface UsHouse {
  readonly id: number;
  readonly address: string;
  readonly entrances: number;
  readonly floors: number;
  readonly flatsPerFloor: number;
}

/** A "work status" of the status configurator (`module/get_user_state_list`). */
export interface UsStateRecord {
  readonly id: number;
  readonly name: string;
  /** Undocumented meaning (shared/api/userside.md §5); served as given. */
  readonly functional: string;
}

/** A tariff of the catalogue (`cat=tariff&action=get`); services such as intercom are tariffs too. */
export interface UsTariffRecord {
  readonly id: number;
  /** Plain text; rendered HTML-escaped, as UserSide stores it. */
  readonly name: string;
  readonly amount: number;
  /** Undocumented code (SWN types it as an int); 1 internet, 2 other services here. */
  readonly serviceType: number;
  /** The billing's id for the tariff (`billing_uuid`). */
  readonly billingUuid: string;
}

/** One entry of a customer's `tariff.current`. */
export interface UsTariffAssignment {
  id: number;
  /** Local midnight the tariff started, or null when UserSide has no date. */
  since: number | null;
  /** Local midnight it is planned to end, or null (rendered `0000-00-00`). */
  until: number | null;
}

export interface UsAddressRecord {
  houseId: number;
  entrance: number;
  floor: number;
  flat: number;
}

export interface UsIpRecord {
  /** IPv4 as an unsigned 32-bit integer (inet_aton). */
  ip: number;
  /**
   * Twelve lowercase hex digits, no separators (W-USM). INFERRED: '' when UserSide has an IP
   * without a MAC, and all zeros where an install stores a placeholder; tests set such records.
   */
  mac: string;
}

/** The one billing every emulated customer belongs to (`billing_id` on cards and in filters). */
export const BILLING_ID = 1;

export interface UsCustomerRecord {
  readonly id: number;
  login: string;
  /** Plain text (may hold `"`, `&`, `'`); rendered HTML-escaped. */
  name: string;
  corporate: boolean;
  /** A prospect not connected yet; `get_user_list` leaves them out unless asked. */
  potential: boolean;
  /** A former customer (`is_ex`). */
  former: boolean;
  /** null: no agreement recorded (the `agreement` list is empty). */
  agreement: { number: string; date: number } | null;
  account: string;
  balance: number;
  credit: number;
  stateId: number;
  tariffs: UsTariffAssignment[];
  /** The next tariff (`tariff.new`), if a change is scheduled. */
  nextTariff: { id: number; start: number } | null;
  phones: string[];
  emails: string[];
  address: UsAddressRecord | null;
  ips: UsIpRecord[];
  created: number;
  connected: number | null;
  comment: string;
}

export interface UsData {
  /** Ordered by id. */
  readonly customers: UsCustomerRecord[];
  readonly tariffs: Map<number, UsTariffRecord>;
  readonly states: Map<number, UsStateRecord>;
  readonly houses: readonly UsHouse[];
  /** The moment the data was generated around (epoch ms). */
  readonly now: number;
}
