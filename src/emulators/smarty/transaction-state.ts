/**
 * Financial transactions sent by an external billing (transaction/create). `ext_id` is unique
 * per operator (error 1 on a repeat: the natural idempotency key). A processed transaction
 * moves the customer's balance by its amount (INFERRED: the docs show `balance` and
 * `payments_count` in customer/info and a `processed` flag, not the arithmetic).
 */

export interface SmartyTransaction {
  /** Smarty's own id (`transaction_id` in customer/transaction/list). */
  readonly id: number;
  readonly ext_id: string;
  readonly customer_id: number;
  /** Decimal text with a `.`, as sent (normalised to two places). */
  readonly amount: string;
  readonly processed: boolean;
  readonly comment: string;
  readonly datetime: string;
  /** Where it came from: `billing` for Billing API creates. */
  readonly source: string;
}

export class TransactionTable {
  readonly byId = new Map<number, SmartyTransaction>();
  private readonly byExt = new Map<string, number>();
  private nextId = 1;

  byExtId(ext: string): SmartyTransaction | undefined {
    const id = this.byExt.get(ext);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Oldest first, as created. */
  ofCustomer(customerId: number): SmartyTransaction[] {
    return [...this.byId.values()].filter((t) => t.customer_id === customerId);
  }

  add(init: Omit<SmartyTransaction, 'id' | 'datetime' | 'source'>): SmartyTransaction {
    const t: SmartyTransaction = { ...init, id: this.nextId++, datetime: new Date().toISOString(), source: 'billing' };
    this.byId.set(t.id, t);
    this.byExt.set(t.ext_id, t.id);
    return t;
  }

  delete(t: SmartyTransaction): void {
    this.byId.delete(t.id);
    this.byExt.delete(t.ext_id);
  }

  /** Balance in kopecks (whole numbers keep the sum exact): processed transactions only. */
  balanceKopecks(customerId: number): number {
    let sum = 0;
    for (const t of this.byId.values()) if (t.customer_id === customerId && t.processed) sum += Math.round(Number(t.amount) * 100);
    return sum;
  }

  /** INFERRED (a Django FK): a deleted customer's transactions go with it. */
  deleteOfCustomer(customerId: number): void {
    for (const t of this.ofCustomer(customerId)) this.delete(t);
  }
}

/** Kopecks as Smarty's decimal text, e.g. 12345 → `123.45`, -5 → `-0.05`. */
export function kopecksText(k: number): string {
  const sign = k < 0 ? '-' : '';
  const a = Math.abs(k);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
