/**
 * The Smotreshka target: turns ops on accounts into operator API calls, reads their live state
 * back, and applies the blocking policy to desired accounts. All planning happens elsewhere.
 */
import type { MemberNames } from '../../model/member-names.js';
import { smotreshkaSubscriptionNames } from './catalogue.js';
import type { CheckResult } from '../../model/check.js';
import type { Entity } from '../../model/entity.js';
import { TargetRequestError, InternalError } from '../../model/errors.js';
import { assertNever, type Op } from '../../model/op.js';
import type { Logger } from '../../util/logger.js';
import type { ExecuteContext, OpResult, Target } from '../target.js';
import type { KindSpec } from '../../model/kind.js';
import { changeAccount, createAccount, deleteAccount, readAccountById } from './account-ops.js';
import { AccountStateSender } from './account-state.js';
import { checkSmotreshka } from './check.js';
import type { SmotreshkaClient } from './client.js';
import { wireUsername, type OpsDeps } from './deps.js';
import { AccountDirectory, PAGE_SIZE } from './directory.js';
import { SMOTRESHKA_KINDS } from './kinds.js';
import { accountEntity } from './observe.js';
import type { SmotreshkaTargetOptions } from './options.js';
import { applyPolicy } from './policy.js';
import { setSubscription } from './subscription-ops.js';

export class SmotreshkaTarget implements Target {
  readonly type = 'smotreshka';
  readonly name: string;
  readonly kinds: readonly KindSpec[] = SMOTRESHKA_KINDS;
  private readonly client: SmotreshkaClient;
  private readonly deps: OpsDeps;

  constructor(
    name: string,
    client: SmotreshkaClient,
    opts: Pick<SmotreshkaTargetOptions, 'usernamePrefix' | 'blocking'> & Partial<Pick<SmotreshkaTargetOptions, 'accountStateId' | 'pageSize'>>,
    logger: Logger,
    now: () => number = Date.now,
  ) {
    this.name = name;
    this.client = client;
    this.deps = {
      client,
      directory: new AccountDirectory(client, opts.pageSize ?? PAGE_SIZE, name),
      states: new AccountStateSender(client, logger, now, { accountStateId: opts.accountStateId ?? 'account_id', target: name }),
      logger,
      target: name,
      usernamePrefix: opts.usernamePrefix,
      blocking: opts.blocking,
    };
  }

  async execute(op: Op, ctx: ExecuteContext): Promise<OpResult> {
    if (op.kind !== 'account') throw new InternalError(`smotreshka has no kind ${op.kind}`);
    switch (op.type) {
      case 'create':
        return createAccount(this.deps, op.key, op.entity);
      case 'update':
      case 'block':
      case 'unblock':
        return changeAccount(this.deps, op.type, op.key, op.entity, op.changes, ctx);
      case 'delete':
        return deleteAccount(this.deps, op.key, ctx);
      case 'add_member':
      case 'remove_member':
        if (op.set !== 'subscriptions') {
          throw new TargetRequestError(`smotreshka accounts have no set '${op.set}'`, { retryable: false });
        }
        return setSubscription(this.deps, op.key, op.member, op.type === 'add_member', ctx);
      default:
        return assertNever(op, 'op');
    }
  }

  /** Live state of one account by its remote id, else found by username; null when absent or archived. */
  async observe(kind: string, key: string, remoteId: string | null): Promise<Entity | null> {
    if (kind !== 'account') throw new InternalError(`smotreshka has no kind ${kind}`);
    const username = wireUsername(this.deps, key);
    let id = remoteId ?? (await this.deps.directory.idOf(username));
    if (id === null) return null;
    let live = await readAccountById(this.deps, id);
    if (!live && remoteId !== null) {
      // A stale id (the account was re-made elsewhere): the username is what identifies it.
      id = await this.deps.directory.idOf(username);
      live = id !== null && id !== remoteId ? await readAccountById(this.deps, id) : undefined;
    }
    return live ? accountEntity(this.name, key, live) : null;
  }

  /**
   * Every account the panel lists, paged; keys are usernames without `username_prefix`, and
   * accounts without the prefix (not ours) are skipped.
   */
  async *observeAll(kind: string): AsyncIterable<readonly Entity[]> {
    if (kind !== 'account') throw new InternalError(`smotreshka has no kind ${kind}`);
    const prefix = this.deps.usernamePrefix;
    for await (const page of this.deps.directory.pages()) {
      const out: Entity[] = [];
      for (const a of page) {
        if (!a.username.startsWith(prefix) || a.username.length === prefix.length) continue;
        out.push(accountEntity(this.name, a.username.slice(prefix.length), a));
      }
      if (out.length > 0) yield out;
    }
  }

  desiredFor(entity: Entity): Entity {
    return applyPolicy(entity, this.deps.blocking);
  }

  /** Read-only: the allow-listed account list (and its page numbering), then one account by id. */
  check(_signal?: AbortSignal): Promise<readonly CheckResult[]> {
    return checkSmotreshka(this.client, this.name);
  }

  /** Names of the catalogue's members, for plans (read-only). */
  memberNames(): Promise<MemberNames> {
    return smotreshkaSubscriptionNames(this.client);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
