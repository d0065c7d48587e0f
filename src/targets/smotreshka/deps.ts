/** What the Smotreshka ops share, and how they find the accountId an op needs. */
import { TargetRequestError } from '../../model/errors.js';
import type { Logger } from '../../util/logger.js';
import type { ExecuteContext } from '../target.js';
import type { AccountStateSender } from './account-state.js';
import type { SmotreshkaClient } from './client.js';
import type { AccountDirectory } from './directory.js';
import type { BlockingPolicy } from './options.js';

export interface OpsDeps {
  readonly client: SmotreshkaClient;
  readonly directory: AccountDirectory;
  readonly states: AccountStateSender;
  readonly logger: Logger;
  /** Target name in sync.yaml. */
  readonly target: string;
  readonly usernamePrefix: string;
  readonly blocking: BlockingPolicy;
}

/** The username on the wire for an entity key. */
export function wireUsername(d: OpsDeps, key: string): string {
  return `${d.usernamePrefix}${key}`;
}

/** The account's id: from the snapshot or this run, else by listing the platform; null if absent. */
export async function findAccountId(d: OpsDeps, key: string, ctx: ExecuteContext): Promise<string | null> {
  return ctx.remoteIdOf('account', key) ?? (await d.directory.idOf(wireUsername(d, key)));
}

/** Like findAccountId, but an absent account fails the op with what to do. */
export async function accountId(d: OpsDeps, key: string, ctx: ExecuteContext): Promise<string> {
  const id = await findAccountId(d, key, ctx);
  if (id !== null) return id;
  throw new TargetRequestError(
    `smotreshka has no account '${wireUsername(d, key)}' (archived or never created) and billsync has no id for it; a live plan (plan --refresh) re-creates it`,
    { retryable: false },
  );
}

/** Path of an account resource. */
export function accountPath(id: string, rest = ''): string {
  return `/v2/accounts/${encodeURIComponent(id)}${rest}`;
}
