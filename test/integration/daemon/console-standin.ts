/** A console over a temp SQLite store with stand-in daemon parts, on a loopback port. */
import { startHttpServer, type HttpEndpoint } from '../../../src/daemon/http-server.js';
import { createConsole } from '../../../src/daemon/ui/console.js';
import type { ConsoleDeps } from '../../../src/daemon/ui/context.js';
import type { Runtime } from '../../../src/engine/runtime.js';
import type { KindSpec } from '../../../src/model/kind.js';
import { silentLogger } from '../../../src/util/logger.js';
import { openTempSqliteStore, type TempStore } from '../../support/temp-store.js';

export interface StandIn {
  readonly url: string;
  readonly temp: TempStore;
  readonly approvals: { target: string; hash: string }[];
  close(): Promise<void>;
}

export async function startStandIn(opts: { token?: string; auth: 'none' | 'token'; now: () => number; kinds?: Record<string, readonly KindSpec[]>; sources?: readonly string[]; secrets?: readonly string[] }): Promise<StandIn> {
  const temp = await openTempSqliteStore();
  const approvals: { target: string; hash: string }[] = [];
  const kinds = opts.kinds ?? { smarty: [] };
  const rt = { store: temp.store, kinds, targets: new Map(Object.keys(kinds).map((t) => [t, {}])), mappings: (opts.sources ?? []).flatMap((source) => Object.keys(kinds).map((target) => ({ source, target }))), sources: new Map(), config: { secretValues: opts.secrets ?? [] }, logger: silentLogger() } as unknown as Runtime;
  const deps: ConsoleDeps = {
    rt,
    token: opts.token,
    auth: opts.auth,
    logger: silentLogger(),
    now: () => new Date(opts.now()),
    health: () => ({ status: 'ok', leadership: 'sqlite', queueDepth: 0, heldBackOps: 0, targets: {} }),
    submit: () => {
      throw new Error('not in this test');
    },
    approve: async (target, hash) => {
      approvals.push({ target, hash });
      return { target, hash, runId: null, ops: 3, succeeded: 3, failed: 0 };
    },
    waitLimitMs: 1000,
  };
  const ui = createConsole(deps, { idleMs: 60_000 });
  let http: HttpEndpoint | undefined;
  try {
    http = await startHttpServer('127.0.0.1:0', { token: opts.token, logger: silentLogger(), sources: [], submit: deps.submit, approve: () => undefined, health: () => ({}), ready: () => true, metrics: async () => ({ contentType: 'text/plain', body: '' }), waitLimitMs: 1000, console: ui });
  } catch (err) {
    await temp.cleanup();
    throw err;
  }
  const endpoint = http;
  return {
    url: endpoint.url,
    temp,
    approvals,
    async close() {
      await endpoint.close();
      await temp.cleanup();
    },
  };
}
