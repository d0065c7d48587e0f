/**
 * The daemon's HTTP endpoint (node:http): POST /v1/sync (bearer token) queues a one-subscriber
 * sync and answers 202 with a request id, or with `?wait=1` the outcome; /healthz, /readyz and
 * /metrics are open, as probes and scrapers expect. The web console, when on, serves / and /ui/.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BillsyncError } from '../model/errors.js';
import type { Logger } from '../util/logger.js';
import { bearerMatches } from './auth.js';
import type { CoalescedRequest } from './coalescer.js';
import type { TriggerResult } from './trigger.js';

export interface HttpDeps {
  readonly token: string | undefined;
  readonly logger: Logger;
  /** Source names a trigger may name. */
  readonly sources: readonly string[];
  submit(source: string, id: string): CoalescedRequest<TriggerResult>;
  /** Applies a held-back set (TargetWorker.approve); undefined when no such target runs here. */
  approve(target: string, hash: string | undefined, who: string): Promise<object> | undefined;
  health(): object;
  ready(): boolean;
  metrics(): Promise<{ contentType: string; body: string }>;
  /** Longest `?wait=1` hold before answering 202 anyway. */
  readonly waitLimitMs: number;
  /** The web console (ui/console.ts), when daemon.ui is on: answers / and /ui/…. */
  readonly console?: { handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> };
  /**
   * Bridges answering the platforms' own calls, asked in order: the upsale callbacks
   * (bridges/smotreshka-upsale, their own auth) and, with `bridges:`, bridges/index.ts.
   */
  readonly bridges?: readonly { handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> }[];
}

export interface HttpEndpoint {
  /** `http://host:port` actually bound. */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;

/** Splits `host:port` / `[v6]:port`. */
export function parseListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  const host = listen.slice(0, i).replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  return { host, port: Number(listen.slice(i + 1)) };
}

export async function startHttpServer(listen: string, deps: HttpDeps): Promise<HttpEndpoint> {
  const server = createServer((req, res) => {
    handle(req, res, deps).catch((err: unknown) => {
      deps.logger.error({ err: (err as Error).message, path: req.url }, 'http handler failed');
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  const { host, port } = parseListen(listen);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new BillsyncError('USAGE', `cannot listen on ${listen}: ${err.code ?? err.message}`, {
          fix: err.code === 'EADDRINUSE' ? 'another process (another billsync daemon?) uses that port: stop it, or set daemon.listen (or --listen) to a free host:port' : 'check daemon.listen in sync.yaml',
          cause: err,
        }),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://daemon');
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  switch (route) {
    case 'GET /healthz':
      return json(res, 200, deps.health());
    case 'GET /readyz':
      return json(res, deps.ready() ? 200 : 503, { ready: deps.ready(), ...deps.health() });
    case 'GET /metrics': {
      const m = await deps.metrics();
      res.writeHead(200, { 'content-type': m.contentType });
      res.end(m.body);
      return;
    }
    case 'POST /v1/sync':
      return sync(req, res, url, deps);
    case 'POST /v1/approve':
      return approve(req, res, deps);
    default:
      for (const bridge of deps.bridges ?? []) if (await bridge.handle(req, res, url)) return;
      if (deps.console && (await deps.console.handle(req, res, url))) return;
      if (['/healthz', '/readyz', '/metrics', '/v1/sync', '/v1/approve'].includes(url.pathname)) return json(res, 405, { error: `method ${req.method} not allowed on ${url.pathname}` });
      return json(res, 404, { error: `no such endpoint ${url.pathname}; try POST /v1/sync, GET /healthz, /readyz, /metrics` });
  }
}

/** Answers 403/401 and returns false unless the request carries the daemon token. */
function authorized(req: IncomingMessage, res: ServerResponse, deps: HttpDeps, what: string): boolean {
  if (deps.token === undefined) {
    json(res, 403, { error: `${what} are disabled: this daemon has no daemon.token configured` });
    return false;
  }
  if (!bearerMatches(req.headers.authorization, deps.token)) {
    res.setHeader('www-authenticate', 'Bearer realm="billsync"');
    json(res, 401, { error: 'missing or wrong bearer token (Authorization: Bearer <daemon.token>)' });
    return false;
  }
  return true;
}

async function sync(req: IncomingMessage, res: ServerResponse, url: URL, deps: HttpDeps): Promise<void> {
  if (!authorized(req, res, deps, 'triggers')) return;
  const body = await readJson(req);
  if (!body.ok) return json(res, 400, { error: body.error });
  const v = body.value as { source?: unknown; id?: unknown };
  const source = typeof v.source === 'string' ? v.source : undefined;
  const id = typeof v.id === 'string' || (typeof v.id === 'number' && Number.isFinite(v.id)) ? String(v.id).trim() : undefined;
  if (!source || !id) return json(res, 400, { error: 'body must be JSON {"source": "<source name>", "id": "<subscriber id>"}' });
  if (!deps.sources.includes(source)) return json(res, 404, { error: `no source named '${source}' feeds any target; known: ${deps.sources.join(', ')}` });
  let request: CoalescedRequest<TriggerResult>;
  try {
    request = deps.submit(source, id);
  } catch (err) {
    return json(res, 503, { error: (err as Error).message });
  }
  const head = { requestId: request.requestId, jobId: request.jobId, coalesced: request.coalesced, source, id };
  deps.logger.info({ ...head, subscriber: `${source}:${id}` }, 'trigger queued');
  const wait = url.searchParams.get('wait');
  if (wait !== '1' && wait !== 'true') return json(res, 202, { ...head, status: 'queued' });
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    request.result.then(
      (r) => ({ done: true as const, r }),
      (err: unknown) => ({ done: true as const, error: (err as Error).message }),
    ),
    new Promise<{ done: false }>((r) => (timer = setTimeout(() => r({ done: false }), deps.waitLimitMs))),
  ]);
  clearTimeout(timer);
  if (!result.done) return json(res, 202, { ...head, status: 'queued', note: `still running after ${deps.waitLimitMs} ms` });
  if ('error' in result) return json(res, 500, { ...head, status: 'failed', error: result.error });
  return json(res, 200, { ...head, ...result.r });
}

/** POST /v1/approve {"target": "smarty", "hash": "…"}: apply exactly a held-back set. */
async function approve(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): Promise<void> {
  if (!authorized(req, res, deps, 'approvals')) return;
  const body = await readJson(req);
  if (!body.ok) return json(res, 400, { error: body.error });
  const v = body.value as { target?: unknown; hash?: unknown };
  if (typeof v.target !== 'string' || (v.hash !== undefined && typeof v.hash !== 'string')) return json(res, 400, { error: 'body must be JSON {"target": "<target name>", "hash": "<held-back hash>"}' });
  const who = `api from ${req.socket.remoteAddress ?? '?'}`;
  const running = deps.approve(v.target, v.hash as string | undefined, who);
  if (!running) return json(res, 404, { error: `no target named '${v.target}' runs in this daemon` });
  deps.logger.warn({ target: v.target, hash: v.hash ?? 'stored', who }, 'approval requested');
  try {
    return json(res, 200, await running);
  } catch (err) {
    const status = err instanceof BillsyncError ? (err.code === 'PLAN_STALE' || err.code === 'LOCKED' ? 409 : 400) : 500;
    return json(res, status, { error: err instanceof BillsyncError ? err.message : String(err), ...(err instanceof BillsyncError && err.fix ? { fix: err.fix } : {}) });
  }
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return { ok: false, error: `body larger than ${MAX_BODY} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof value === 'object' && value !== null ? { ok: true, value } : { ok: false, error: 'body must be a JSON object' };
  } catch {
    return { ok: false, error: 'body is not valid JSON' };
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body) + '\n');
}
