/** How account methods find the account a request names. */
import { FormParams, parseIntStrict } from './form.js';
import type { SmartyAccount, SmartyState } from './state.js';

/** `account_id` (positive) else `abonement`. */
export function findAccount(p: FormParams, s: SmartyState): SmartyAccount | undefined {
  const id = parseIntStrict(p.get('account_id'));
  if (id !== undefined && id > 0) return s.accounts.get(id);
  const abon = parseIntStrict(p.get('abonement'));
  return abon === undefined ? undefined : s.accountByAbon(abon);
}
