/**
 * What billsync manages on Smarty: customers (keyed by `ext_id` = the billing's subscriber id)
 * with their tariff set, and accounts (keyed by the numeric `abonement`, owned by a customer).
 * Attribute names are the Billing API's own form fields.
 */
import type { KindSpec } from '../../model/kind.js';

/**
 * Text lengths. The Billing API documents none; Smarty is a Django application whose text
 * fields are CharFields, conventionally 255 characters long (INFERRED). A longer value is
 * refused (or cut by the database) on every run, so the mapping skips it with the reason and
 * the operator can `| truncate(n)` deliberately. Phones and postcodes get tighter bounds that
 * still fit any real value; e-mail addresses are at most 254 characters (RFC 5321).
 */
const TEXT = 255;
const str = { type: 'string', maxLength: TEXT } as const;
const short = { type: 'string', maxLength: 32 } as const;
const bool = { type: 'boolean' } as const;

/**
 * `abonement` is a "unique digital number" (DOC), sent as a number. 15 digits is the most every
 * one of which a JSON number holds exactly (2^53 has 16 digits, but not all 16-digit numbers
 * fit); the emulator reads the field the same way. A longer key could never be created.
 */
export const MAX_ABONEMENT = 999_999_999_999_999;

export const SMARTY_CUSTOMER: KindSpec = {
  kind: 'customer',
  keyType: 'string',
  // ext_id: a string since DOC-20, length undocumented; the same CharField reading as the attrs.
  keyLimits: { maxLength: TEXT },
  attrs: {
    firstname: str,
    middlename: str,
    lastname: str,
    comment: str,
    birthdate: short,
    mobile_phone_number: short,
    phone_number_1: short,
    email: { type: 'string', maxLength: 254 },
    postal_address_street: str,
    postal_address_bld: str,
    postal_address_apt: str,
    postal_address_zip: short,
    company_name: str,
    // customer/modify does not take contract_number: it can only be set on create.
    contract_number: { type: 'string', createOnly: true, maxLength: TEXT },
  },
  sets: { tariffs: { memberType: 'integer' } },
  // meta: "JSON text" on create/modify, an object in customer/info (DOC). Values are text (what
  // a subscriber's screen shows), each bounded like the profile fields.
  meta: { value: str },
};

export const SMARTY_ACCOUNT: KindSpec = {
  kind: 'account',
  keyType: 'integer',
  keyLimits: { min: 0, max: MAX_ABONEMENT },
  parent: 'customer',
  attrs: {
    active: bool,
    status_reason: str,
    account_ext_id: str,
    allow_multiple_login: bool,
    allow_login_by_abonement: bool,
    allow_login_by_device_uid: bool,
    allow_login_by_ip: bool,
    // A password is chosen once; changing it later would log the subscriber's devices out.
    // "number 0..999999" (DOC, account/create).
    password: { type: 'integer', createOnly: true, secret: true, min: 0, max: 999_999 },
  },
  sets: {},
  block: { attr: 'active', blockedValue: false },
};

/**
 * A device bound to an account by its UID (a set-top box's MAC address): account/device/*.
 * The uid is unique per operator (create error 4), so a device that moves to another account
 * is deleted from the old one first (`moves: recreate`). `system_name` is the device type it is
 * created with; Smarty has no call to change it.
 */
export const SMARTY_DEVICE: KindSpec = {
  kind: 'device',
  keyType: 'string',
  // device_uid: length undocumented; the CharField reading as elsewhere.
  keyLimits: { maxLength: TEXT },
  parent: 'account',
  attrs: {
    system_name: { type: 'string', createOnly: true, required: true, maxLength: TEXT },
    serial_number: str,
    brand_name: str,
    device_model: str,
  },
  sets: {},
  moves: 'recreate',
};

/**
 * A payment sent as a transaction (transaction/create), keyed by its ext_id = the billing's
 * payment id. Everything is create-only: Smarty has no transaction/modify, and a payment that
 * leaves the billing's window is not a refund (`keepWhenGone`). A refresh does not read them
 * (`unobservable`): the listing cannot tell which payment is which, and re-sending one that a
 * read merely failed to recognise must never happen. Matching the listing's transaction_id
 * against the id transaction/create answered was considered and left out: an adopted payment
 * (error 1) has no stored id, and one Smarty really lost (an operator's delete, a refund) would
 * then be paid again — sending a payment is billsync's once, never a repair.
 */
export const SMARTY_TRANSACTION: KindSpec = {
  kind: 'transaction',
  keyType: 'string',
  keyLimits: { maxLength: TEXT },
  parent: 'customer',
  attrs: {
    amount: { type: 'string', createOnly: true, required: true, maxLength: 16 },
    date: { type: 'string', createOnly: true, maxLength: 40 },
    comment: { type: 'string', createOnly: true, maxLength: TEXT },
    processed: { type: 'boolean', createOnly: true },
  },
  sets: {},
  keepWhenGone: true,
  unobservable: 'Smarty has no read of a transaction by ext_id (customer/transaction/list answers transaction_id, amount, source, datetime, comment and processed only)',
};

export const SMARTY_KINDS: readonly KindSpec[] = [SMARTY_CUSTOMER, SMARTY_ACCOUNT, SMARTY_DEVICE, SMARTY_TRANSACTION];
