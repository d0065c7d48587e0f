/**
 * A fault-injecting loopback HTTP proxy for the chaos tests (test/chaos/; fault-proxy.ts is the
 * rule-based one for a few scripted faults): it stands between billsync and an
 * emulator and, per request, forwards it or fails it the ways a real network and a real
 * platform fail — an HTTP status (429 with Retry-After, 5xx), a reset connection, a request
 * that is never answered (the client times out), or an answer lost after the upstream applied
 * the request. The emulators stay faithful to their API notes; faults that no API note
 * describes live here instead.
 *
 * A policy decides each request; it sees a running count of requests and of writes, so a test
 * can act at "the 17th write" instead of at a wall-clock moment — deterministic under any load.
 */
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy knows of one request when the policy decides. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path with query string, as received. */
  readonly url: string;
  readonly body: string;
  /** Whether `isWrite` classed it as a write. */
  readonly write: boolean;
  /** 1-based count of every request the proxy received. */
  readonly seq: number;
  /** 1-based count among writes; 0 for a read. */
  readonly writeSeq: number;
}

/** How a request fails: an HTTP status (with Retry-After seconds), a reset connection, or no answer. */
export type Failure = { readonly status: number; readonly retryAfter?: number; readonly body?: string; readonly contentType?: string } | 'reset' | 'hang';

/** What to do with a request. */
export type ProxyAction =
  /**
   * Forward it. `failAfter` fails it after the upstream applied it (a lost or garbled answer);
   * `after` runs once the upstream answered, before the answer is relayed ('drop' resets);
   * `rewrite` changes the answer's body on the way back (a source that returns less).
   */
  | {
      readonly kind: 'forward';
      readonly failAfter?: Failure;
      readonly after?: (status: number) => Promise<'relay' | 'drop'>;
      readonly rewrite?: (body: string) => string;
    }
  /** Fail it without forwarding. */
  | { readonly kind: 'fail'; readonly how: Failure };

export type ProxyPolicy = (req: ProxiedRequest) => ProxyAction | Promise<ProxyAction>;

export interface ProxyCounts {
  readonly requests: number;
  readonly writes: number;
  readonly forwarded: number;
  /** Requests failed on purpose, by failure and whether before or after forwarding (`429-before`, `reset-after`). */
  readonly faults: Readonly<Record<string, number>>;
}

export const FORWARD: ProxyAction = { kind: 'forward' };

export class ChaosProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private policy: ProxyPolicy = () => FORWARD;
  private requests = 0;
  private writes = 0;
  private forwarded = 0;
  private faults = new Map<string, number>();

  /**
   * @param upstream origin of the emulator (`http://127.0.0.1:PORT`); change it with `retarget`.
   * @param isWrite classes a request (method and path) as a write.
   */
  constructor(
    private upstream: string,
    private readonly isWrite: (method: string, path: string) => boolean,
  ) {}

  /** Listens on 127.0.0.1 (a free port); resolves to the proxy's origin. */
  async start(): Promise<string> {
    const s = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    s.on('connection', (sock) => {
      this.sockets.add(sock);
      sock.on('close', () => this.sockets.delete(sock));
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = s;
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  /** Forwards to another emulator from now on (a fresh one for the next trial). */
  retarget(upstream: string): void {
    this.upstream = upstream;
  }

  /** Sets the policy; `resetCounts` also zeroes the request and write counts it sees. */
  setPolicy(policy: ProxyPolicy, opts: { resetCounts?: boolean } = {}): void {
    this.policy = policy;
    if (opts.resetCounts) this.resetCounts();
  }

  /** Forwards everything again. */
  clearPolicy(): void {
    this.policy = () => FORWARD;
  }

  resetCounts(): void {
    this.requests = this.writes = this.forwarded = 0;
    this.faults = new Map();
  }

  counts(): ProxyCounts {
    return { requests: this.requests, writes: this.writes, forwarded: this.forwarded, faults: Object.fromEntries(this.faults) };
  }

  /** Drops every client connection (hung requests included); keeps listening. */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    this.dropConnections();
    this.agent.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private fault(name: string): void {
    this.faults.set(name, (this.faults.get(name) ?? 0) + 1);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const write = this.isWrite(method, new URL(url, 'http://proxy').pathname);
    this.requests++;
    if (write) this.writes++;
    const action = await this.policy({ method, url, body, write, seq: this.requests, writeSeq: write ? this.writes : 0 });
    if (action.kind === 'fail') return this.failWith(action.how, 'before', req, res);
    const answer = await this.forward(method, url, req.headers, chunks);
    this.forwarded++;
    if (action.failAfter !== undefined) return this.failWith(action.failAfter, 'after', req, res);
    if (action.after && (await action.after(answer.status)) === 'drop') {
      req.socket.destroy();
      return;
    }
    const out = action.rewrite ? Buffer.from(action.rewrite(answer.body.toString('utf8')), 'utf8') : answer.body;
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    delete headers['content-encoding'];
    headers['content-length'] = String(out.length);
    res.writeHead(answer.status, headers);
    res.end(out);
  }

  private failWith(how: Failure, when: 'before' | 'after', req: IncomingMessage, res: ServerResponse): void {
    if (how === 'reset') {
      this.fault(`reset-${when}`);
      req.socket.destroy();
      return;
    }
    if (how === 'hang') {
      // Never answered: the client's timeout fires; stop() closes the socket.
      this.fault(`hang-${when}`);
      return;
    }
    this.fault(`${how.status}-${when}`);
    const text = how.body ?? `<h1>Error ${how.status}</h1>`;
    res.writeHead(how.status, {
      'content-type': how.contentType ?? 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...(how.retryAfter !== undefined ? { 'retry-after': String(how.retryAfter) } : {}),
    });
    res.end(text);
  }

  private forward(method: string, url: string, headers: IncomingMessage['headers'], body: Buffer[]): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    const target = new URL(url, this.upstream);
    return new Promise((resolve, reject) => {
      const up = httpRequest(
        target,
        { method, headers: { ...headers, host: target.host, connection: 'keep-alive' }, agent: this.agent },
        (r) => {
          const parts: Buffer[] = [];
          r.on('data', (c: Buffer) => parts.push(c));
          r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(parts) }));
          r.on('error', reject);
        },
      );
      up.on('error', reject);
      for (const c of body) up.write(c);
      up.end();
    });
  }
}

/** Replaces the origin of `url` (keeping its path) with `origin`. */
export function viaProxy(url: string, origin: string): string {
  const u = new URL(url);
  const o = new URL(origin);
  u.protocol = o.protocol;
  u.host = o.host;
  return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
}
