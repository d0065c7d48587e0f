/**
 * The upsale callbacks' decisions: ensure reserves (or answers why not), commit confirms; both
 * idempotent by `qsTransactionId` — a repeated call finds the stored transaction and answers what
 * it answered before. Answers follow the only known implementation (api/smotreshka.md §10):
 * `{result, billingTransactionId?, billingStartTimestamp?}` with the results it uses; refusals
 * add a `message` saying why (an extra field the platform may ignore).
 */
import { randomUUID } from 'node:crypto';
import type { Purchase } from '../../model/purchase.js';
import type { PurchaseStore } from '../../store/purchase-queries.js';
import type { CallbackParams } from './params.js';

export type UpsaleResult = 'operation_ensured' | 'operation_commited' | 'no_action_required' | 'no_sufficient_balance' | 'no_subscription_rules';

export interface UpsaleAnswer {
  readonly result: UpsaleResult;
  readonly billingTransactionId?: string;
  readonly billingStartTimestamp?: string;
  readonly message?: string;
}

/** A call billsync cannot answer with a result: an HTTP error with a JSON body. */
export class UpsaleCallError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export interface UpsaleServiceDeps {
  readonly store: PurchaseStore;
  /** The Smotreshka target's name and its username_prefix (the wire login = prefix + key). */
  readonly target: string;
  readonly usernamePrefix: string;
  /** Offer ids that may be sold; absent = any. */
  readonly offers?: ReadonlySet<string>;
  readonly now: () => Date;
}

export class UpsaleService {
  constructor(private readonly deps: UpsaleServiceDeps) {}

  async ensure(p: CallbackParams): Promise<UpsaleAnswer> {
    const { store, target } = this.deps;
    const existing = await store.get(target, p.qsTransactionId);
    if (existing) return this.repeated(existing, p);

    const key = p.accountLogin.startsWith(this.deps.usernamePrefix) ? p.accountLogin.slice(this.deps.usernamePrefix.length) : null;
    const account = await store.findAccount(target, 'account', p.accountId, key);
    if (!account) return refuse(`account ${p.accountId} (login ${p.accountLogin}) is not one billsync manages on target ${target}`);
    // Found by login but the platform id differs: another platform account holds that login.
    if (account.remoteId !== null && account.remoteId !== p.accountId) return refuse(`login ${p.accountLogin} belongs to platform account ${account.remoteId}, not ${p.accountId}`);
    if (this.deps.offers && !this.deps.offers.has(p.newOfferId)) return refuse(`offer ${p.newOfferId} is not in daemon.smotreshka_upsale.offers`);
    if (p.operation === 'add') {
      const held = (account.sets.subscriptions ?? []).includes(p.newOfferId);
      const bought = !held && (await store.holds(target, account.key, p.newOfferId));
      if (held || bought) return { result: 'no_action_required', message: `account ${p.accountLogin} already has offer ${p.newOfferId}` };
    }
    const { purchase } = await store.ensure({
      target,
      qsTransactionId: p.qsTransactionId,
      billingTransactionId: randomUUID(),
      operation: p.operation,
      accountKey: account.key,
      accountId: p.accountId,
      newOffer: p.newOfferId,
      oldOffer: p.oldOfferId,
      trialDays: p.trialDays,
      ensuredAt: this.deps.now().toISOString(),
    });
    // A concurrent twin may have stored first: answer from what is stored, as a repeat would.
    return this.repeated(purchase, p);
  }

  async commit(p: CallbackParams): Promise<UpsaleAnswer> {
    const { store, target } = this.deps;
    const existing = await store.get(target, p.qsTransactionId);
    if (!existing) throw new UpsaleCallError(404, `no ensured transaction with qsTransactionId ${p.qsTransactionId}: ensure must be called (and answered operation_ensured) before commit`);
    this.sameCall(existing, p);
    if (existing.billingTransactionId !== p.billingTransactionId) {
      throw new UpsaleCallError(409, `billingTransactionId ${p.billingTransactionId} is not the one ensure answered for qsTransactionId ${p.qsTransactionId}`);
    }
    const committed = existing.state === 'ensured' ? await store.commit(target, p.qsTransactionId, this.deps.now().toISOString(), p.serviceStartTimestamp) : existing;
    return committedAnswer(committed ?? existing);
  }

  /** The stored transaction's answer to a repeated ensure. */
  private repeated(stored: Purchase, p: CallbackParams): UpsaleAnswer {
    this.sameCall(stored, p);
    return stored.state === 'ensured' ? { result: 'operation_ensured', billingTransactionId: stored.billingTransactionId } : committedAnswer(stored);
  }

  /** A qsTransactionId names one purchase: reusing it for another is refused, never merged. */
  private sameCall(stored: Purchase, p: CallbackParams): void {
    const diff: string[] = [];
    if (stored.operation !== p.operation) diff.push(`operation ${stored.operation}-subscription`);
    if (stored.accountId !== p.accountId) diff.push(`accountId ${stored.accountId}`);
    if (stored.newOffer !== p.newOfferId) diff.push(`newOfferId ${stored.newOffer}`);
    if ((stored.oldOffer ?? null) !== (p.oldOfferId ?? null)) diff.push(`oldOfferId ${stored.oldOffer ?? '(none)'}`);
    if (diff.length > 0) throw new UpsaleCallError(409, `qsTransactionId ${p.qsTransactionId} was ensured with ${diff.join(', ')}; a transaction id names one purchase`);
  }
}

function committedAnswer(p: Purchase): UpsaleAnswer {
  return { result: 'operation_commited', billingTransactionId: p.billingTransactionId, ...(p.committedAt ? { billingStartTimestamp: p.committedAt } : {}) };
}

function refuse(message: string): UpsaleAnswer {
  return { result: 'no_subscription_rules', message };
}
