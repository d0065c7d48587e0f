/**
 * Answer shapes of the emulated Smotreshka API: replies, error bodies in the platform's shapes,
 * and the `Account` object as the list and get endpoints show it.
 */
import type { SmotreshkaAccount } from './state.js';

/** What a route answers: an HTTP status and a JSON body. */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** A request as routes see it. */
export interface RouteRequest {
  /** Path parameter (`{id}`), '' when the route has none. */
  readonly id: string;
  readonly query: URLSearchParams;
  /** JSON object or form fields; undefined without a body. */
  readonly body: Readonly<Record<string, unknown>> | undefined;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });

/** v2 errors are `{"error": "..."}`. */
export const badRequest = (error = 'Bad Request'): Reply => ({ status: 400, body: { error } });

/** An archived (deleted) account: the platform refuses every request about it. */
export const ARCHIVED: Reply = { status: 403, body: { error: 'Forbidden' } };

export const NOT_FOUND: Reply = { status: 404, body: { error: 'Not found' } };

/** v3 errors are `{code, message, details}`. */
export const v3Error = (status: number, code: string, message: string, details: unknown = null): Reply => ({
  status,
  body: { code, message, details },
});

/** The account as `GET /v2/accounts` lists it. */
export function accountView(a: SmotreshkaAccount): Record<string, unknown> {
  return {
    id: a.id,
    username: a.username,
    email: a.email,
    created: a.created,
    updated: a.updated,
    is_blocked: a.is_blocked,
    region: a.region,
    subscriptions: [...a.subscriptions].map((id) => ({ id })),
    info: { ...a.info },
  };
}
