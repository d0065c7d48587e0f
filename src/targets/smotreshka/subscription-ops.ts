/**
 * Subscription (channel package) ops: `POST /v2/accounts/{id}/subscriptions {id, valid}`.
 * Both directions are idempotent on the platform (it answers the requested `valid` whether or not
 * anything changed); an unknown id answers an empty `{}` and an archived one error 4006 — both
 * are failures, as doing nothing silently would leave the subscriber without the package.
 */
import { TargetRequestError } from '../../model/errors.js';
import type { ExecuteContext, OpResult } from '../target.js';
import { isApiError } from './client.js';
import { accountId, accountPath, wireUsername, type OpsDeps } from './deps.js';

export async function setSubscription(d: OpsDeps, key: string, member: string, valid: boolean, ctx: ExecuteContext): Promise<OpResult> {
  const id = await accountId(d, key, ctx);
  const what = `${valid ? 'adding' : 'removing'} subscription ${member} ${valid ? 'to' : 'from'} ${wireUsername(d, key)}`;
  let answer: unknown;
  try {
    answer = await d.client.call('POST', accountPath(id, '/subscriptions'), { id: member, valid });
  } catch (err) {
    if (isApiError(err, [400], /4006|IsArchived/i)) {
      throw new TargetRequestError(
        `${what}: subscription ${member} is archived on Smotreshka (error 4006); take it out of tariffs.table or ask Lifestream to restore it`,
        { retryable: false, status: 400 },
      );
    }
    if (isApiError(err, [403, 404])) {
      throw new TargetRequestError(`${what}: the account (id ${id}) is archived or gone; a live plan (plan --refresh) re-creates it`, {
        retryable: false,
        status: err.status ?? 403,
      });
    }
    if (isApiError(err, [400])) {
      throw new TargetRequestError(`${what}: ${err.apiMessage || 'Bad Request'}`, { retryable: false, status: 400 });
    }
    throw err;
  }
  const a = typeof answer === 'object' && answer !== null ? (answer as { valid?: unknown }) : {};
  if (a.valid === undefined) {
    throw new TargetRequestError(
      `${what}: Smotreshka has no subscription ${member} (it answered {}); fix the id in tariffs.table (ids are listed by GET /v2/subscriptions)`,
      { retryable: false },
    );
  }
  if (a.valid !== valid && String(a.valid) !== String(valid)) {
    throw new TargetRequestError(`${what}: the platform answered valid=${String(a.valid)}`, { retryable: false });
  }
  return {};
}
