/**
 * The emulated Billing API methods by path (relative to `/billing/api/`, no slashes), which of
 * them write, and which may also be called with GET.
 */
import {
  accountActivate,
  accountCreate,
  accountDeactivate,
  accountDelete,
  accountInfo,
  accountList,
  accountModify,
} from './account-methods.js';
import {
  customerCreate,
  customerDelete,
  customerInfo,
  customerList,
  customerModify,
  customerTariffAssign,
  customerTariffRemove,
} from './customer-methods.js';
import { accountDeviceCreate, accountDeviceDelete, accountDeviceModify } from './device-methods.js';
import { customerTransactionList, transactionCreate, transactionDelete } from './transaction-methods.js';
import type { MethodHandler } from './method-options.js';
import type { SmartyState } from './state.js';
import { ok, type ApiAnswer } from './views.js';

function tariffList(_p: unknown, s: SmartyState): ApiAnswer {
  const tariffs = [...s.tariffs.values()].map((t) => ({
    id: t.id,
    name: t.name,
    period: 30,
    price: '0.00',
    activation_price: '0.00',
    basic_tariff_priority: 0,
    sessions_count: 0,
    basic_sessions_count: 0,
    ip_restriction: false,
    channels: [],
  }));
  return ok({ tariffs });
}

export const METHODS: ReadonlyMap<string, MethodHandler> = new Map<string, MethodHandler>([
  ['customer/create', customerCreate],
  ['customer/modify', customerModify],
  ['customer/info', customerInfo],
  ['customer/list', customerList],
  ['customer/delete', customerDelete],
  ['customer/tariff/assign', customerTariffAssign],
  ['customer/tariff/remove', customerTariffRemove],
  ['account/create', accountCreate],
  ['account/modify', accountModify],
  ['account/info', accountInfo],
  ['account/list', accountList],
  ['account/delete', accountDelete],
  ['account/activate', accountActivate],
  ['account/deactivate', accountDeactivate],
  ['account/device/create', accountDeviceCreate],
  ['account/device/modify', accountDeviceModify],
  ['account/device/delete', accountDeviceDelete],
  ['transaction/create', transactionCreate],
  ['transaction/delete', transactionDelete],
  ['customer/transaction/list', customerTransactionList],
  ['tariff/list', tariffList],
]);

/** Methods the docs type GET (and tariff/list, also a plain list); they accept a query string. */
export const GET_METHODS: ReadonlySet<string> = new Set(['customer/list', 'account/list', 'tariff/list', 'transaction/create']);

const WRITE_VERBS = new Set(['create', 'modify', 'delete', 'assign', 'remove', 'activate', 'deactivate']);

/** A method that changes state (its last path segment is a write verb). */
export function isWriteMethod(method: string): boolean {
  return WRITE_VERBS.has(method.split('/').at(-1) ?? '');
}
