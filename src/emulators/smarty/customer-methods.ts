/**
 * Emulated customer methods: create, modify, info, list, delete, tariff assign/remove.
 * Error codes are the documented per-method ones; INFERRED behaviour is marked where it is.
 */
import { type FormParams, parseDate, parseIntStrict } from './form.js';
import type { SmartyCustomer, SmartyState, SmartyTariff } from './state.js';
import { customerView, fail, ok, pageOf, type ApiAnswer } from './views.js';
import type { MethodOptions } from './method-options.js';

const NAME_FIELDS = ['firstname', 'middlename', 'lastname', 'comment'] as const;

/** Fields customer/modify accepts (create takes these plus the CREATE_ONLY ones). */
const MODIFY_FIELDS = [
  ...NAME_FIELDS,
  'birthdate',
  'passport_number',
  'passport_series',
  'passport_issue_date',
  'passport_issued_by',
  'postal_address_street',
  'postal_address_bld',
  'postal_address_apt',
  'postal_address_zip',
  'billing_address_street',
  'billing_address_bld',
  'billing_address_apt',
  'billing_address_zip',
  'mobile_phone_number',
  'phone_number_1',
  'phone_number_2',
  'fax_phone_number',
  'email',
  'company_name',
  'bank_account_blz',
  'bank_account_bic',
  'bank_account_number',
  'bank_account_iban',
  'bank_account_bank_name',
  'bank_account_owner_name',
  'meta',
  'send_sms_messages',
  'send_email_messages',
  'custom_billing_api',
];
const CREATE_ONLY_FIELDS = ['contract_number', 'dealer_id', 'postal_address_city', 'postal_address_country'];
const DATE_FIELDS = ['birthdate', 'passport_issue_date'];

/** `customer_id` (a positive id; HYD-C's `-1` "unset" sentinel is ignored) else `ext_id`. */
export function findCustomer(p: FormParams, s: SmartyState): SmartyCustomer | undefined {
  const id = parseIntStrict(p.get('customer_id'));
  if (id !== undefined && id > 0) return s.customers.get(id);
  const ext = p.nonEmpty('ext_id');
  return ext === undefined ? undefined : s.customerByExt(ext);
}

/** Django-form-like checks shared by create and modify; null when the input is valid. */
function validateProfile(p: FormParams): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {};
  if (!NAME_FIELDS.some((f) => p.nonEmpty(f) !== undefined)) {
    errors.__all__ = ['One of firstname, middlename, lastname or comment is required.'];
  }
  for (const f of DATE_FIELDS) {
    const v = p.get(f);
    if (v !== undefined && parseDate(v) === undefined) errors[f] = ['Enter a valid date (yyyy-mm-dd).'];
  }
  const meta = p.get('meta');
  if (meta !== undefined && !isJsonObjectText(meta)) errors.meta = ['Enter a valid JSON object.'];
  return Object.keys(errors).length > 0 ? errors : null;
}

/**
 * `meta` is "JSON text" (DOC) that customer/info answers as an object: text that is not a JSON
 * object fails validation (INFERRED: the strictest reading; the docs name no error for it, so it
 * is the method's validation error, 3 on create and 2 on modify).
 */
function isJsonObjectText(text: string): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function describe(errors: Record<string, string[]>): string {
  return Object.entries(errors)
    .map(([f, msgs]) => `${f}: ${msgs.join(' ')}`)
    .join('; ');
}

export function customerCreate(p: FormParams, s: SmartyState): ApiAnswer {
  const extId = p.get('ext_id') ?? '';
  if (extId !== '' && s.customerByExt(extId)) return fail(1, `Customer with ext_id ${extId} already exists`);
  const errors = validateProfile(p);
  if (errors) return fail(3, `Validation error: ${describe(errors)}`, errors);
  const profile: Record<string, string> = {};
  for (const f of [...MODIFY_FIELDS, ...CREATE_ONLY_FIELDS]) {
    const v = p.get(f);
    if (v !== undefined) profile[f] = v;
  }
  const c = s.addCustomer({ ext_id: extId, profile });
  return ok({ id: c.id });
}

export function customerModify(p: FormParams, s: SmartyState): ApiAnswer {
  const c = findCustomer(p, s);
  if (!c) return fail(1, 'Customer not found');
  const errors = validateProfile(p);
  if (errors) return fail(2, `Validation error: ${describe(errors)}`, errors);
  // Found by id with an ext_id given too: the docs say ext_id is overwritten.
  const newExt = p.get('ext_id');
  const byId = (parseIntStrict(p.get('customer_id')) ?? 0) > 0;
  if (byId && newExt !== undefined && newExt !== c.ext_id) {
    const other = newExt === '' ? undefined : s.customerByExt(newExt);
    if (other && other.id !== c.id) return fail(2, 'Validation error: ext_id: already used', { ext_id: ['already used'] });
    s.setExtId(c, newExt);
  }
  for (const f of MODIFY_FIELDS) {
    const v = p.get(f);
    if (v !== undefined) c.profile[f] = v;
  }
  return ok();
}

export function customerInfo(p: FormParams, s: SmartyState, o: MethodOptions): ApiAnswer {
  const c = findCustomer(p, s);
  return c ? ok(customerView(c, s, o.customerViews)) : fail(1, 'Customer not found');
}

export function customerDelete(p: FormParams, s: SmartyState): ApiAnswer {
  const c = findCustomer(p, s);
  if (!c) return fail(1, 'Customer not found');
  s.deleteCustomer(c);
  return ok();
}

export function customerList(p: FormParams, s: SmartyState, o: MethodOptions): ApiAnswer {
  const tariffIds: number[] = [];
  for (const t of p.getAll('tariff_id')) {
    const id = parseIntStrict(t);
    if (id === undefined) return fail(2, `Bad tariff_id ${t}`);
    if (!s.tariffs.has(id)) return fail(1, `Tariff ${id} not found`);
    tariffIds.push(id);
  }
  let abonementRe: RegExp | undefined;
  const reText = p.nonEmpty('abonement_regexp');
  if (reText !== undefined) {
    try {
      abonementRe = new RegExp(reText);
    } catch {
      return fail(-1, 'Unknown error: bad abonement_regexp');
    }
  }
  const phone = p.nonEmpty('mobile_phone_number');
  function* matching(): Generator<SmartyCustomer> {
    for (const c of s.customers.values()) {
      if (!tariffIds.every((t) => c.tariffs.has(t))) continue;
      if (phone !== undefined && c.profile.mobile_phone_number !== phone) continue;
      if (abonementRe && ![...c.accounts].some((a) => abonementRe.test(String(s.accounts.get(a)?.abonement ?? '')))) continue;
      yield c;
    }
  }
  const page = pageOf(matching(), p.get('limit'), p.get('page'));
  return ok({ customers: page.map((c) => customerView(c, s, o.customerViews, true)) });
}

/** The tariff named by `tariff_id` or `tariff_ext_id` (virtual tariffs are not emulated). */
function findTariff(p: FormParams, s: SmartyState): SmartyTariff | undefined {
  const id = parseIntStrict(p.get('tariff_id'));
  if (id !== undefined) return s.tariffs.get(id);
  const ext = p.nonEmpty('tariff_ext_id');
  if (ext === undefined) return undefined;
  for (const t of s.tariffs.values()) if (t.ext_id === ext) return t;
  return undefined;
}

/**
 * INFERRED (undocumented): the customer↔tariff link is a Django M2M, so assigning an assigned
 * tariff and removing an unassigned one answer 0. With `strictTariffs` the emulator instead
 * answers like an external-API plugin layer would ("tariff already active" → 4, remove → 3).
 */
export function customerTariffAssign(p: FormParams, s: SmartyState, o: MethodOptions): ApiAnswer {
  const c = findCustomer(p, s);
  if (!c) return fail(1, 'Customer not found');
  const t = findTariff(p, s);
  if (!t) return fail(2, 'Tariff not found');
  if (c.tariffs.has(t.id) && o.strictTariffs) return fail(4, `Tariff assign error: tariff ${t.id} already active`);
  c.tariffs.add(t.id);
  return ok();
}

export function customerTariffRemove(p: FormParams, s: SmartyState, o: MethodOptions): ApiAnswer {
  const c = findCustomer(p, s);
  if (!c) return fail(1, 'Customer not found');
  const t = findTariff(p, s);
  if (!t) return fail(2, 'Tariff not found');
  if (!c.tariffs.has(t.id) && o.strictTariffs) return fail(3, `Tariff removal error: tariff ${t.id} is not assigned`);
  c.tariffs.delete(t.id);
  return ok();
}
