/**
 * A fault-injecting HTTP proxy for integration tests: it sits on loopback between an adapter and
 * an emulator and, per request (path, query, how many times it has matched), can answer on its
 * own (500, 401, 404…), run something first (remove a customer "in billing" between two pages),
 * or rewrite the emulator's answer (shorten a page). Everything else passes through untouched.
 * The emulators stay faithful; the faults a real network and a live billing add live here.
 */
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the proxy saw it. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path without the query, e.g. `/rest/v2/subjects/customers`. */
  readonly path: string;
  readonly query: URLSearchParams;
}

export type ProxyAction =
  /** Answer without asking the upstream. */
  | { readonly answer: { readonly status: number; readonly body?: string; readonly headers?: Readonly<Record<string, string>> } }
  /** Run `before` (e.g. change the emulator's state), then forward. */
  | { readonly before: () => void | Promise<void> }
  /** Forward, then replace the body with `rewrite(body, status)`. */
  | { readonly rewrite: (body: string, status: number) => string };

export interface ProxyRule {
  readonly match: (r: ProxiedRequest) => boolean;
  /** How many matching requests the rule acts on; default every one. */
  readonly times?: number;
  readonly action: ProxyAction;
}

export interface FaultProxy {
  /** Listens on 127.0.0.1; resolves to `upstream` with the proxy's origin (path kept). */
  start(): Promise<string>;
  stop(): Promise<void>;
  /** Adds a rule; rules are tried in the order added, the first live match acts. */
  add(rule: ProxyRule): void;
  clear(): void;
  /** Every request seen, in arrival order. */
  readonly seen: readonly ProxiedRequest[];
  /** How many times rules acted. */
  readonly acted: number;
}

/** `match` helper: requests to `path` (exact, without query) whose query has every `query` pair. */
export function on(path: string, query: Readonly<Record<string, string>> = {}): (r: ProxiedRequest) => boolean {
  return (r) => r.path === path && Object.entries(query).every(([k, v]) => r.query.get(k) === v);
}

/** `rewrite` helper for JSON bodies. */
export function rewriteJson(change: (json: Record<string, unknown>) => unknown): (body: string) => string {
  return (body) => JSON.stringify(change(JSON.parse(body) as Record<string, unknown>));
}

export function createFaultProxy(upstream: string): FaultProxy {
  const target = new URL(upstream);
  const rules: { rule: ProxyRule; left: number }[] = [];
  const seen: ProxiedRequest[] = [];
  let acted = 0;
  let server: Server | undefined;

  const pick = (r: ProxiedRequest): ProxyAction | undefined => {
    for (const entry of rules) {
      if (entry.left <= 0 || !entry.rule.match(r)) continue;
      entry.left -= 1;
      acted += 1;
      return entry.rule.action;
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://proxy');
    const seenAs: ProxiedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams };
    seen.push(seenAs);
    const action = pick(seenAs);
    if (action && 'answer' in action) {
      res.writeHead(action.answer.status, { 'content-type': 'application/json', ...action.answer.headers });
      res.end(action.answer.body ?? '{}');
      return;
    }
    if (action && 'before' in action) await action.before();
    const answer = await forward(target, req, body);
    const text = action && 'rewrite' in action ? action.rewrite(answer.body, answer.status) : answer.body;
    const headers = { ...answer.headers };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    res.writeHead(answer.status, headers);
    res.end(text);
  };

  return {
    async start() {
      const s = createServer((req, res) => {
        handle(req, res).catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
          res.end(`fault proxy: ${String(err)}`);
        });
      });
      server = s;
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
      const port = (s.address() as AddressInfo).port;
      return `http://127.0.0.1:${port}${target.pathname === '/' ? '' : target.pathname}`;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    add(rule) {
      rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY });
    },
    clear() {
      rules.length = 0;
    },
    get seen() {
      return seen;
    },
    get acted() {
      return acted;
    },
  };
}

async function forward(
  target: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}
