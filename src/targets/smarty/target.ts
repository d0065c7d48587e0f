/**
 * The Smarty target: turns ops on customers and accounts into Billing API calls and reads their
 * live state back. All planning happens elsewhere; this only executes.
 */
import type { MemberNames } from '../../model/member-names.js';
import { smartyTariffNames } from './catalogue.js';
import type { CheckResult } from '../../model/check.js';
import type { Entity, SnapshotEntity } from '../../model/entity.js';
import { TargetRequestError, InternalError } from '../../model/errors.js';
import { assertNever, type Op } from '../../model/op.js';
import type { Logger } from '../../util/logger.js';
import type { ExecuteContext, OpResult, Target } from '../target.js';
import type { KindSpec } from '../../model/kind.js';
import { observeAllOf } from './observe-all.js';
import { createAccount, deleteAccount, modifyAccount, observeAccount } from './account-ops.js';
import type { SmartyClient } from './client.js';
import {
  assignTariff,
  createCustomer,
  deleteCustomer,
  modifyCustomer,
  observeCustomer,
  removeTariff,
  type CustomerOpsDeps,
} from './customer-ops.js';
import { SMARTY_KINDS, SMARTY_TRANSACTION } from './kinds.js';
import { checkSmarty } from './check.js';
import { DEFAULT_REGISTRATION_BACKOFF_MS, DEFAULT_WINDOW_DAYS } from './options.js';
import { createDevice, deleteDevice, modifyDevice, observeDevice } from './device-ops.js';
import { createTransaction, deleteTransaction } from './transaction-ops.js';
import { inScope, partsOf, withoutUnmanagedSets, type SmartyModePolicy } from './modes.js';
import { RegistrationGate } from './registration-gate.js';

export class SmartyTarget implements Target {
  readonly type = 'smarty';
  readonly name: string;
  readonly kinds: readonly KindSpec[] = SMARTY_KINDS;
  /** customer/list and account/list page; devices and transactions are read one by one. */
  readonly listedKinds: readonly string[] = ['customer', 'account'];
  private readonly client: SmartyClient;
  private readonly deps: CustomerOpsDeps;
  private readonly policy: SmartyModePolicy;
  private readonly now: () => number;

  constructor(
    name: string,
    client: SmartyClient,
    logger: Logger,
    opts: { registrationBackoffMs?: number; policy?: SmartyModePolicy; now?: () => number } = {},
  ) {
    this.name = name;
    this.client = client;
    this.policy = opts.policy ?? { mode: 'full', parts: partsOf('full', undefined), windowDays: DEFAULT_WINDOW_DAYS, onGone: 'report' };
    this.now = opts.now ?? Date.now;
    this.deps = { client, logger, target: name, registrations: new RegistrationGate(opts.registrationBackoffMs ?? DEFAULT_REGISTRATION_BACKOFF_MS) };
  }

  async execute(op: Op, ctx: ExecuteContext): Promise<OpResult> {
    if (op.kind === 'customer') return this.executeCustomer(op, ctx);
    if (op.kind === 'account') return this.executeAccount(op, ctx);
    if (op.kind === 'device') return this.executeDevice(op);
    if (op.kind === 'transaction') return this.executeTransaction(op);
    throw new InternalError(`smarty has no kind ${op.kind}`);
  }

  private async executeCustomer(op: Op, ctx: ExecuteContext): Promise<OpResult> {
    switch (op.type) {
      case 'create':
        return createCustomer(this.deps, op.key, op.entity.attrs, ctx);
      case 'update':
      case 'block':
      case 'unblock':
        return modifyCustomer(this.deps, op.key, op.entity.attrs);
      case 'delete':
        return deleteCustomer(this.deps, op.key);
      case 'add_member':
        this.checkSet(op.set);
        return assignTariff(this.deps, op.key, op.member);
      case 'remove_member':
        this.checkSet(op.set);
        return removeTariff(this.deps, op.key, op.member);
      default:
        return assertNever(op, 'op');
    }
  }

  private async executeAccount(op: Op, ctx: ExecuteContext): Promise<OpResult> {
    switch (op.type) {
      case 'create':
        return createAccount(this.deps, op.key, op.entity, ctx);
      case 'update':
      case 'block':
      case 'unblock':
        // Blocking is account/modify active=0 (+ status_reason from the mapping), as the Hydra
        // integration does; activate/deactivate would leave status_reason stale.
        return modifyAccount(this.deps, op.key, op.entity.attrs);
      case 'delete':
        return deleteAccount(this.deps, op.key);
      case 'add_member':
      case 'remove_member':
        throw new TargetRequestError(`smarty accounts have no set '${op.set}'`, { retryable: false });
      default:
        return assertNever(op, 'op');
    }
  }

  private async executeDevice(op: Op): Promise<OpResult> {
    switch (op.type) {
      case 'create':
        return createDevice(this.deps, op.key, op.entity);
      case 'update':
      case 'block':
      case 'unblock':
        return modifyDevice(this.deps, op.key, op.entity.attrs);
      case 'delete':
        return deleteDevice(this.deps, op.key, op.before);
      case 'add_member':
      case 'remove_member':
        throw new TargetRequestError(`smarty devices have no set '${op.set}'`, { retryable: false });
      default:
        return assertNever(op, 'op');
    }
  }

  private async executeTransaction(op: Op): Promise<OpResult> {
    switch (op.type) {
      case 'create':
        return createTransaction(this.deps, op.key, op.entity);
      case 'delete':
        return deleteTransaction(this.deps, op.key);
      case 'update':
      case 'block':
      case 'unblock':
      case 'add_member':
      case 'remove_member':
        // Every transaction attribute is create-only: the planner never plans these.
        throw new TargetRequestError(`smarty transactions cannot be changed (${op.type}); Smarty has no transaction/modify`, { retryable: false });
      default:
        return assertNever(op, 'op');
    }
  }

  /** The configured mode: a customer's tariffs are left out when Smarty's own billing manages them. */
  desiredFor(entity: Entity): Entity {
    return withoutUnmanagedSets(this.policy, entity);
  }

  /** Kinds the mode manages, and payments inside the window. */
  inScope(entity: Entity): boolean {
    return inScope(this.policy, entity, this.now());
  }

  gonePolicy(_entity: SnapshotEntity): 'report' | 'delete' {
    return this.policy.onGone;
  }

  private checkSet(set: string): void {
    if (set !== 'tariffs') throw new TargetRequestError(`smarty customers have no set '${set}'`, { retryable: false });
  }

  /**
   * Live state by key (ext_id / abonement, both documented lookup keys); `ctx` maps an account's
   * owner id back to our customer key when customer/info does not answer ext_id.
   */
  async observe(kind: string, key: string, _remoteId: string | null, ctx?: ExecuteContext): Promise<Entity | null> {
    if (kind === 'customer') return observeCustomer(this.deps, key);
    if (kind === 'account') return observeAccount(this.deps, key, ctx);
    if (kind === 'device') return observeDevice(this.deps, key);
    // No call reads a transaction by ext_id (customer/transaction/list does not show it): the
    // kind is `unobservable`, so a refresh never asks. Answering null here would claim the
    // payment is gone — and a plan would send it again.
    if (kind === 'transaction') throw new InternalError(`smarty cannot read a transaction by ext_id (${SMARTY_TRANSACTION.unobservable}); a refresh keeps the snapshot's view`);
    throw new InternalError(`smarty has no kind ${kind}`);
  }

  /** Every customer or account, paged through the list methods (for `plan --refresh`). */
  observeAll(kind: string, ctx?: ExecuteContext): AsyncIterable<readonly Entity[]> {
    return observeAllOf(this.client, this.name, kind, ctx);
  }

  /** Read-only: a signed tariff/list (key and client id), then what refresh and modify read back. */
  check(_signal?: AbortSignal): Promise<readonly CheckResult[]> {
    return checkSmarty(this.client, this.name);
  }

  /** Names of the catalogue's members, for plans (read-only). */
  memberNames(): Promise<MemberNames> {
    return smartyTariffNames(this.client);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
