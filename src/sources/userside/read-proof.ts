/**
 * How a full UserSide read proves it is complete: the ids `customer/get_customers_id` lists
 * (current and former customers, read BEFORE the records) are compared with the records that
 * come back — from `module/get_user_list`, or from `customer/get_data` per batch.
 *
 * - A listed id whose single get_data answers "not found" was deleted in the ERP meanwhile: it is
 *   dropped and counted in the proof (a deleted customer is not missing).
 * - A listed id get_data answers OK without, or (list mode) one the list left out although
 *   get_data still has it, makes the read incomplete: the list or the batch disagreed with the
 *   ids for another reason, so it cannot be trusted to hold everyone. Such a customer is still
 *   read (from get_data) so their creates and updates go ahead.
 * - Records for ids not listed are customers created since the ids were taken: read, noted.
 *
 * What it cannot see: a get_customers_id that silently caps its answer in batched mode (the notes
 * leave open whether it does; in list mode the list is the superset and would show it).
 */
import type { ReadCompleteness } from '../source.js';
import type { UsCustomer } from './types.js';

/** Ids named in a reason, at most. */
const EXAMPLES = 5;

export class ReadProof {
  private readonly listed: ReadonlySet<number>;
  private readonly answered = new Set<number>();
  private readonly extra = new Set<number>();
  private readonly deleted: number[] = [];
  private readonly absent: number[] = [];
  private readonly leftOut: number[] = [];

  constructor(
    listed: readonly number[],
    /** Which request was meant to answer every listed id. */
    private readonly mode: 'list' | 'batched',
  ) {
    this.listed = new Set(listed);
  }

  /** Records that came back from the request meant to answer them. */
  saw(cards: readonly UsCustomer[]): void {
    for (const c of cards) (this.listed.has(c.id) ? this.answered : this.extra).add(c.id);
  }

  /** Listed ids the list left out, to be asked of get_data. */
  unanswered(): number[] {
    return [...this.listed].filter((id) => !this.answered.has(id));
  }

  /** List mode: `id` was missing from the list, but get_data still has it. */
  leftOutOfList(id: number): void {
    this.leftOut.push(id);
  }

  /** Single get_data answered "not found": deleted since the ids were listed. */
  gone(id: number): void {
    this.deleted.push(id);
  }

  /** Single get_data answered OK without the customer. */
  missing(id: number): void {
    this.absent.push(id);
  }

  verdict(sourceName: string): ReadCompleteness {
    const listed = this.listed.size;
    if (listed === 0 && this.extra.size === 0) {
      return { complete: false, reason: 'UserSide listed no customers (customer/get_customers_id, is_ex 0 and 1); an empty list cannot be told from a broken one' };
    }
    const problems: string[] = [];
    if (this.leftOut.length > 0) {
      problems.push(
        `module/get_user_list left out ${this.leftOut.length} customer(s) that customer/get_customers_id lists and customer/get_data still answers ` +
          `(${examples(this.leftOut)}); they were read from get_data, but the list cannot be trusted to hold everyone ` +
          `(set sources.${sourceName}.bulk: batched if this install's get_user_list leaves customers out)`,
      );
    }
    if (this.absent.length > 0) {
      problems.push(`customer/get_data answered OK without ${this.absent.length} listed customer(s) (${examples(this.absent)}), neither their card nor "not found"`);
    }
    if (problems.length > 0) return { complete: false, reason: `UserSide's read could not be proven complete: ${problems.join('; ')}` };
    const by = this.mode === 'list' ? 'module/get_user_list' : 'customer/get_data';
    const created = this.extra.size > 0 ? `, plus ${fmt(this.extra.size)} created since` : '';
    const deleted = this.deleted.length > 0 ? `; ${fmt(this.deleted.length)} listed customer(s) were deleted meanwhile (get_data: not found) and dropped` : '';
    return { complete: true, proof: `${fmt(listed)} customers listed by customer/get_customers_id (is_ex 0 and 1), every one answered by ${by}${created}${deleted}` };
  }
}

function examples(ids: readonly number[]): string {
  const shown = ids.slice(0, EXAMPLES).join(', ');
  return ids.length > EXAMPLES ? `e.g. ${shown}, …` : shown;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
