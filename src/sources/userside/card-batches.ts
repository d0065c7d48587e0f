/**
 * The customers' cards by `customer/get_data`, for batched reads and for the ids a bulk list
 * left out: batches of `batch_size` ids in id order, a few batches in flight (the source's
 * limiter bounds the requests). What every id came to is told to the read's proof.
 */
import { isNotFound, type UsersideApi } from './api.js';
import type { ReadProof } from './read-proof.js';
import type { UsCustomer } from './types.js';

export interface CardDeps {
  readonly api: UsersideApi;
  readonly sourceName: string;
  readonly batchSize: number;
  /** The source's request concurrency: batches started ahead are twice that. */
  readonly concurrency: number;
  readonly warnOnce: (key: string, fields: Record<string, unknown>, message: string) => void;
}

/**
 * The cards of `ids` in batches of `batch_size`, in id order, a few batches in flight (the
 * limiter bounds the requests). Ids a batch did not answer are asked one by one: an install
 * whose get_data takes one id only then still reads everyone. What each id came to is told to
 * `proof`: a card, "not found" (deleted meanwhile), or an OK answer without it; `leftOut`
 * marks ids the bulk list should have held.
 */
export async function* readCards(d: CardDeps, ids: readonly number[], proof: ReadProof, controller: AbortController, leftOut: boolean): AsyncIterable<UsCustomer[]> {
  const signal = controller.signal;
  const size = d.batchSize;
  const groups: number[][] = [];
  for (let i = 0; i < ids.length; i += size) groups.push(ids.slice(i, i + size));
  const ahead = Math.max(2, d.concurrency * 2);
  const pending: Promise<UsCustomer[]>[] = [];
  const start = (group: number[]): void => {
    const p = batch(d, group, proof, signal, leftOut);
    // Failures surface when the batch's turn comes; until then they must not go unhandled.
    p.catch(() => undefined);
    pending.push(p);
  };
  let next = 0;
  try {
    while (next < groups.length && pending.length < ahead) start(groups[next++]!);
    while (pending.length > 0) {
      const customers = await pending.shift()!;
      if (next < groups.length) start(groups[next++]!);
      yield customers;
    }
  } catch (err) {
    // Stop the other batches: queued requests are dropped, not sent.
    controller.abort(err);
    throw err;
  }
}

async function batch(d: CardDeps, ids: readonly number[], proof: ReadProof, signal: AbortSignal, leftOut: boolean): Promise<UsCustomer[]> {
  const asked = new Set(ids);
  const got = new Map<number, UsCustomer>();
  // One id goes straight to the single ask below, which tells "not found" from "left out".
  if (ids.length > 1) for (const c of await batchCards(d, ids, signal)) if (asked.has(c.id)) got.set(c.id, c);
  const missing = ids.filter((id) => !got.has(id));
  if (missing.length > 0 && ids.length > 1) {
    d.warnOnce('short-batch', { asked: ids.length, answered: got.size }, `UserSide get_data answered fewer customers than asked; fetching the rest one by one (set sources.${d.sourceName}.batch_size: 1 if this install takes one id per call)`);
  }
  const singles = await Promise.all(missing.map(async (id) => [id, await d.api.customerCard(id, signal)] as const));
  for (const [id, r] of singles) {
    if (r.card) got.set(id, r.card);
    else if (r.why === 'not_found') proof.gone(id);
    else proof.missing(id);
  }
  const cards = ids.map((id) => got.get(id)).filter((c): c is UsCustomer => c !== undefined);
  proof.saw(cards);
  if (leftOut) for (const c of cards) proof.leftOutOfList(c.id);
  return cards;
}

/**
 * The cards one get_data call answers for several `ids`. A "not found" ERROR is no failure: the
 * id a one-id install kept was deleted since get_customers_id, so the batch has answered none
 * of them and batch() asks the rest one by one.
 */
async function batchCards(d: CardDeps, ids: readonly number[], signal: AbortSignal): Promise<UsCustomer[]> {
  try {
    return await d.api.customersData(ids, signal);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}
