/** What every emulated API method gets besides its params, and the handler shape. */
import type { FormParams } from './form.js';
import type { SmartyState } from './state.js';
import type { ApiAnswer, CustomerViewOptions } from './views.js';

/** Behaviour switches for quirks the public material leaves open. */
export interface MethodOptions {
  /** Tariff assign of an assigned tariff → error 4, remove of an unassigned one → error 3. */
  readonly strictTariffs: boolean;
  /** account/modify resets omitted flags to the documented modify defaults. */
  readonly resetOmittedFlags: boolean;
  /** Undocumented fields customer/info and customer/list add. */
  readonly customerViews: CustomerViewOptions;
}

export type MethodHandler = (p: FormParams, s: SmartyState, o: MethodOptions) => ApiAnswer;
