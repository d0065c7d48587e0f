/**
 * The client side of POST /v1/sync, for `billsync sync`: asks a running daemon, and says
 * plainly when none answers so the caller can sync locally instead.
 */
import { DaemonUnreachableError } from '../model/errors.js';
import type { TriggerResult } from './trigger.js';

export type DaemonAnswer =
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'result'; readonly result: TriggerResult & { readonly requestId: string; readonly jobId: string } }
  | { readonly kind: 'queued'; readonly requestId: string; readonly note: string }
  | { readonly kind: 'refused'; readonly status: number; readonly error: string };

/** Network failures that mean "no daemon listens there" (not "the daemon is slow"). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

/** The daemon URL from daemon.listen; null when it names no fixed port (0). */
export function daemonUrlFromListen(listen: string): string | null {
  const i = listen.lastIndexOf(':');
  const port = Number(listen.slice(i + 1));
  if (port === 0) return null;
  let host = listen.slice(0, i);
  // A daemon listening on every interface is reached on loopback from its own machine.
  if (host === '' || host === '0.0.0.0') host = '127.0.0.1';
  if (host === '[::]') host = '[::1]';
  return `http://${host}:${port}`;
}

/**
 * POSTs JSON to the daemon; `unreachable` when nothing listens there (the caller may go on
 * locally). Any other failure to get an answer — a timeout, a reset — throws
 * DaemonUnreachableError: a daemon may be there but is not answering, so nothing is done locally.
 */
async function post(baseUrl: string, path: string, token: string | undefined, body: unknown, timeoutMs: number): Promise<Response | { kind: 'unreachable'; reason: string }> {
  try {
    return await fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const code = errorCode(err);
    if (code !== undefined && UNREACHABLE.has(code)) return { kind: 'unreachable', reason: code };
    throw new DaemonUnreachableError(baseUrl, `it did not answer: ${code ?? (err as Error).message}`, {
      fix: `check that the daemon at ${baseUrl} is running and healthy (billsync status, its log), or pass --local`,
      cause: err,
    });
  }
}

export async function postTrigger(baseUrl: string, token: string | undefined, source: string, id: string, opts: { timeoutMs: number }): Promise<DaemonAnswer> {
  const res = await post(baseUrl, '/v1/sync?wait=1', token, { source, id }, opts.timeoutMs);
  if (!(res instanceof Response)) return res;
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status === 200) return { kind: 'result', result: body as unknown as TriggerResult & { requestId: string; jobId: string } };
  if (res.status === 202) return { kind: 'queued', requestId: String(body.requestId ?? '?'), note: String(body.note ?? 'queued') };
  return { kind: 'refused', status: res.status, error: typeof body.error === 'string' ? body.error : `HTTP ${res.status}` };
}

/** POST /v1/approve: has the daemon apply a held-back set; `unreachable` when none listens. */
export async function postApprove(baseUrl: string, token: string | undefined, target: string, hash: string | undefined, opts: { timeoutMs: number }): Promise<{ kind: 'unreachable'; reason: string } | { kind: 'done'; body: Record<string, unknown> } | { kind: 'refused'; status: number; error: string; fix?: string }> {
  const res = await post(baseUrl, '/v1/approve', token, { target, ...(hash !== undefined ? { hash } : {}) }, opts.timeoutMs);
  if (!(res instanceof Response)) return res;
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status === 200) return { kind: 'done', body };
  return { kind: 'refused', status: res.status, error: typeof body.error === 'string' ? body.error : `HTTP ${res.status}`, ...(typeof body.fix === 'string' ? { fix: body.fix } : {}) };
}

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (e instanceof AggregateError && e.errors.length > 0) e = e.errors[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
