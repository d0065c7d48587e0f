/**
 * Emulated account methods: create, modify, info, list, delete, activate, deactivate.
 * Accounts are addressed by `account_id` or the numeric `abonement` (the login).
 */
import { type FormParams, parseDate, parseFlag, parseIntStrict } from './form.js';
import { findCustomer } from './customer-methods.js';
import { findAccount } from './account-find.js';
import type { MethodOptions } from './method-options.js';
import { ACCOUNT_FLAGS, MODIFY_FLAG_DEFAULTS, type AccountFlag, type SmartyAccount, type SmartyState } from './state.js';
import { accountView, fail, ok, pageOf, type ApiAnswer } from './views.js';

const TEXT_FIELDS = ['parent_code', 'subnets', 'template', 'option1', 'option2', 'option3', 'data_center'];
const DATE_FIELDS = ['extension_date', 'activation_date', 'deactivation_date'];
const INT_FIELDS = ['auto_activation_period', 'preferred_timeshift_offset'];

/** What the form validated: only the fields that were sent. */
interface AccountInput {
  abonement?: number;
  password?: string;
  flags: Partial<Record<AccountFlag, boolean>>;
  extra: Record<string, string | null>;
  allowed_device_groups?: number[];
}


/** Validates the account form; returns the parsed input or the field errors. */
function readAccountForm(p: FormParams): AccountInput | Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const input: AccountInput = { flags: {}, extra: {} };
  const abon = p.nonEmpty('abonement');
  if (abon !== undefined) {
    // The abonement is a "unique digital number": a contract number with letters is refused.
    if (!/^\d{1,15}$/.test(abon.trim())) errors.abonement = ['Enter a whole number.'];
    else input.abonement = Number(abon.trim());
  }
  const pw = p.nonEmpty('password');
  if (pw !== undefined) {
    const n = parseIntStrict(pw);
    if (n === undefined || n < 0 || n > 999_999) errors.password = ['Password must be a number 0..999999.'];
    else input.password = pw.trim();
  }
  for (const f of ACCOUNT_FLAGS) {
    const v = p.get(f);
    if (v === undefined) continue;
    const b = parseFlag(v);
    if (b === undefined) errors[f] = ['Enter 0 or 1.'];
    else input.flags[f] = b;
  }
  for (const f of DATE_FIELDS) {
    const v = p.get(f);
    if (v === undefined) continue;
    const d = parseDate(v);
    if (d === undefined) errors[f] = ['Enter a valid date (yyyy-mm-dd).'];
    else input.extra[f] = d;
  }
  for (const f of INT_FIELDS) {
    const v = p.get(f);
    if (v === undefined) continue;
    if (v.trim() !== '' && parseIntStrict(v) === undefined) errors[f] = ['Enter a whole number.'];
    else input.extra[f] = v.trim() === '' ? null : v.trim();
  }
  for (const f of ['status_reason', 'account_ext_id', ...TEXT_FIELDS]) {
    const v = p.get(f);
    if (v !== undefined) input.extra[f] = v;
  }
  if (p.has('allowed_device_groups')) {
    const groups = p.getAll('allowed_device_groups').map((g) => parseIntStrict(g));
    if (groups.some((g) => g === undefined || g < 0 || g > 3)) errors.allowed_device_groups = ['Values are 0..3.'];
    else input.allowed_device_groups = groups as number[];
  }
  return Object.keys(errors).length > 0 ? errors : input;
}

function isErrors(x: AccountInput | Record<string, string[]>): x is Record<string, string[]> {
  return !('flags' in x);
}

function describe(errors: Record<string, string[]>): string {
  return Object.entries(errors)
    .map(([f, msgs]) => `${f}: ${msgs.join(' ')}`)
    .join('; ');
}

/** Writes the non-flag parts of a validated form onto an account. */
function applyExtra(a: SmartyAccount, input: AccountInput): void {
  for (const [f, v] of Object.entries(input.extra)) {
    if (f === 'status_reason') a.status_reason = v ?? '';
    else if (f === 'account_ext_id') a.account_ext_id = v ?? '';
    else a.extra[f] = v;
  }
  if (input.allowed_device_groups) a.allowed_device_groups = input.allowed_device_groups;
}

export function accountCreate(p: FormParams, s: SmartyState): ApiAnswer {
  const owner = findCustomer(p, s);
  if (!owner) return fail(1, 'Customer not found');
  const input = readAccountForm(p);
  if (isErrors(input)) return fail(2, `Validation error: ${describe(input)}`, input);
  if (input.abonement !== undefined && s.accountByAbon(input.abonement)) {
    return fail(3, `Could not create account: account with abonement ${input.abonement} already exists`);
  }
  const a = s.addAccount({
    customer_id: owner.id,
    ...(input.abonement !== undefined ? { abonement: input.abonement } : {}),
    ...(input.password !== undefined ? { password: input.password } : {}),
    flags: input.flags,
  });
  applyExtra(a, input);
  return ok({ account_id: a.id, abonement: a.abonement, password: a.password });
}

export function accountModify(p: FormParams, s: SmartyState, o: MethodOptions): ApiAnswer {
  const a = findAccount(p, s);
  if (!a) return fail(1, 'Account not found');
  const input = readAccountForm(p);
  if (isErrors(input)) return fail(2, `Validation error: ${describe(input)}`, input);
  const byId = (parseIntStrict(p.get('account_id')) ?? 0) > 0;
  if (byId && input.abonement !== undefined && input.abonement !== a.abonement) {
    const other = s.accountByAbon(input.abonement);
    if (other) return fail(2, 'Validation error: abonement: already used', { abonement: ['already used'] });
    s.setAbonement(a, input.abonement);
  }
  for (const f of ACCOUNT_FLAGS) {
    const v = input.flags[f];
    if (v !== undefined) a.flags[f] = v;
    else if (o.resetOmittedFlags) a.flags[f] = MODIFY_FLAG_DEFAULTS[f];
  }
  // The password changes only when a non-empty one is sent (docs).
  if (input.password !== undefined) a.password = input.password;
  applyExtra(a, input);
  return ok();
}

export function accountInfo(p: FormParams, s: SmartyState): ApiAnswer {
  const a = findAccount(p, s);
  return a ? ok(accountView(a, s)) : fail(1, 'Account not found');
}

export function accountDelete(p: FormParams, s: SmartyState): ApiAnswer {
  const a = findAccount(p, s);
  if (!a) return fail(1, 'Account not found');
  s.deleteAccount(a);
  return ok();
}

function setActive(active: boolean): (p: FormParams, s: SmartyState) => ApiAnswer {
  return (p, s) => {
    const a = findAccount(p, s);
    if (!a) return fail(1, 'Account not found');
    a.flags.active = active;
    return ok();
  };
}

export const accountActivate = setActive(true);
export const accountDeactivate = setActive(false);

export function accountList(p: FormParams, s: SmartyState): ApiAnswer {
  const status = p.nonEmpty('status')?.toLowerCase();
  const wantActive = status === undefined ? undefined : ['1', 'active', 'true'].includes(status);
  const reason = p.nonEmpty('status_reason');
  const device = p.nonEmpty('device');
  let re: RegExp | undefined;
  const reText = p.nonEmpty('abonement_regexp');
  if (reText !== undefined) {
    try {
      re = new RegExp(reText);
    } catch {
      return fail(-1, 'Unknown error: bad abonement_regexp');
    }
  }
  function* matching(): Generator<SmartyAccount> {
    for (const a of s.accounts.values()) {
      if (wantActive !== undefined && a.flags.active !== wantActive) continue;
      if (reason !== undefined && a.status_reason !== reason) continue;
      // INFERRED: `device` filters by a bound device's uid (the docs name the filter only).
      if (device !== undefined && s.devices.byDeviceUid(device)?.account_id !== a.id) continue;
      if (re && !re.test(String(a.abonement))) continue;
      yield a;
    }
  }
  return ok({ accounts: pageOf(matching(), p.get('limit'), p.get('page')).map((a) => accountView(a, s)) });
}
