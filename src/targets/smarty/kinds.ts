/**
 * What billsync manages on Smarty: customers (keyed by `ext_id` = the billing's subscriber id)
 * with their tariff set, and accounts (keyed by the numeric `abonement`, owned by a customer).
 * Attribute names are the Billing API's own form fields.
 */
import type { KindSpec } from '../target.js';

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

export const SMARTY_CUSTOMER: KindSpec = {
  kind: 'customer',
  keyType: 'string',
  attrs: {
    firstname: str,
    middlename: str,
    lastname: str,
    comment: str,
    birthdate: str,
    mobile_phone_number: str,
    phone_number_1: str,
    email: str,
    postal_address_street: str,
    postal_address_bld: str,
    postal_address_apt: str,
    postal_address_zip: str,
    company_name: str,
    // customer/modify does not take contract_number: it can only be set on create.
    contract_number: { type: 'string', createOnly: true },
  },
  sets: { tariffs: { memberType: 'integer' } },
};

export const SMARTY_ACCOUNT: KindSpec = {
  kind: 'account',
  keyType: 'integer',
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
    password: { type: 'integer', createOnly: true, secret: true },
  },
  sets: {},
  block: { attr: 'active', blockedValue: false },
};

export const SMARTY_KINDS: readonly KindSpec[] = [SMARTY_CUSTOMER, SMARTY_ACCOUNT];
