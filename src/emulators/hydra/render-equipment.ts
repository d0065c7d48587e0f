/**
 * JSON of equipment (K2: `n_object_id`, `n_good_id`, `n_obj_state_id`, `vc_name`, `vc_code`,
 * `vc_serial_number`, …), its entries and their addresses (`vc_code` = the IP/MAC,
 * `n_addr_type_id` 4006 MAC), and of payments (INFERRED, shaped like K2's charges).
 * Entry and address field names beyond those are INFERRED in the same Oracle style.
 */
import { ADDR_TYPE_MAC, type HydraCustomerRecord, type HydraEquipmentRecord, type HydraPaymentRecord } from './model.js';
import { isoMsk, type JsonObject } from './render.js';

/** Good id of the set-top boxes the emulator hands out. */
const STB_GOOD_ID = 6001;

export function renderEquipment(c: HydraCustomerRecord, e: HydraEquipmentRecord): JsonObject {
  return {
    n_object_id: e.objectId,
    n_good_id: STB_GOOD_ID,
    n_obj_state_id: e.stateId,
    vc_name: 'Приставка IPTV',
    vc_code: `STB-${e.objectId}`,
    vc_code_add: null,
    vc_serial_number: e.serial || null,
    vc_inventory_number: null,
    n_main_object_id: null,
    n_owner_id: c.id,
    additional_values: [],
  };
}

export function renderEntry(e: HydraEquipmentRecord): JsonObject {
  return { n_obj_entry_id: e.entryId, n_object_id: e.objectId, vc_name: 'eth0' };
}

export function renderEntryAddresses(e: HydraEquipmentRecord): JsonObject[] {
  return [{ n_obj_address_id: e.addressId, n_obj_entry_id: e.entryId, vc_code: e.mac, n_addr_type_id: ADDR_TYPE_MAC, c_fl_active: 'Y' }];
}

export function renderPayment(c: HydraCustomerRecord, p: HydraPaymentRecord): JsonObject {
  return { n_doc_id: p.docId, n_account_id: c.accountId, n_sum: p.sum, d_oper: isoMsk(p.at), vc_rem: p.rem, n_currency_id: 1044, vc_currency: 'RUB' };
}
