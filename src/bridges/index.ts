/**
 * The bridges a daemon serves (sync.yaml `bridges:`), mounted on the daemon's HTTP endpoint:
 * `handle` answers requests under /bridges/… and leaves everything else to the daemon. One
 * SourceFeed per source keeps its last complete read; the runtime's copy of a source is
 * swapped for the feed's tapped one, so the daemon's own reconciles keep the answers fresh.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SyncConfig } from '../config/types.js';
import { ConfigErrors, BillsyncError } from '../model/errors.js';
import type { Runtime } from '../engine/runtime.js';
import type { Source } from '../sources/source.js';
import { sourceFactory } from '../sources/registry.js';
import type { Logger } from '../util/logger.js';
import { bearerMatches } from '../daemon/auth.js';
import { sendJson } from './answer.js';
import type { Bridge, BridgeFactory } from './bridge.js';
import { loadBridgeMapping } from './load-mapping.js';
import { BRIDGES } from './registry.js';
import { SourceFeed } from './source-feed.js';
import { keyMatches } from './key.js';

export interface BridgeSet {
  /** Answers a request under a bridge's prefix; false when the path belongs to none. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Per bridge, for /healthz. */
  status(): Record<string, object>;
  /** Reads every bridge source now; resolves when the answers reflect it (tests, benchmarks). */
  readNow(): Promise<void>;
  close(): Promise<void>;
}

export interface BridgeDeps {
  readonly logger: Logger;
  readonly now: () => Date;
  /** Start the feeds' own refresh schedules (off in tests that feed reads by hand). */
  readonly schedule?: boolean;
  /** Factories by name (tests); default registry.ts. */
  readonly factories?: Readonly<Record<string, BridgeFactory>>;
}

/**
 * Builds every configured bridge: loads and compiles its mapping (all mistakes thrown together
 * as ConfigErrors), wires its source's feed. Returns undefined when no bridge is configured.
 */
export async function startBridges(config: SyncConfig, rt: Pick<Runtime, 'sources'>, deps: BridgeDeps): Promise<BridgeSet | undefined> {
  const configured = Object.values(config.bridges?.bridges ?? {});
  if (configured.length === 0) return undefined;
  const factories = deps.factories ?? BRIDGES;
  const errors: BillsyncError[] = [];
  const feeds = new Map<string, SourceFeed>();
  const owned: Source[] = [];
  const mounted: { factory: BridgeFactory; bridge: Bridge; token: string | undefined }[] = [];
  for (const bc of configured) {
    const factory = factories[bc.name];
    if (!factory) {
      errors.push(new BillsyncError('CONFIG_RULE', `no bridge named '${bc.name}'`, { position: bc.position, path: `bridges.${bc.name}`, fix: `use one of: ${Object.keys(factories).join(', ')}` }));
      continue;
    }
    let feed = feeds.get(bc.source);
    if (!feed) {
      const logger = deps.logger.child({ component: 'bridges', source: bc.source });
      let source = rt.sources.get(bc.source);
      if (!source) {
        // A source no mapping reads: the bridges own its client.
        const sc = config.sources[bc.source]!;
        source = sourceFactory(sc.type).create(bc.source, { ...sc.options, rate: sc.rate }, { logger, now: deps.now });
        owned.push(source);
      }
      feed = new SourceFeed(source, { refreshMs: bc.refreshMs, now: deps.now, logger });
      feeds.set(bc.source, feed);
      // The runtime's map is built by openRuntime and read by the engine on every run: swapping
      // the entry makes every later read of the source go through the tap.
      if (rt.sources.has(bc.source)) (rt.sources as Map<string, Source>).set(bc.source, feed.tapped);
    }
    try {
      const mapping = await loadBridgeMapping(bc);
      const bridge = factory.create({ config: bc, feed, mapping, logger: deps.logger.child({ bridge: bc.name }), now: deps.now, secretValues: config.secretValues });
      mounted.push({ factory, bridge, token: bc.token });
    } catch (err) {
      if (err instanceof ConfigErrors) errors.push(...err.errors);
      else if (err instanceof BillsyncError) errors.push(err);
      else throw err;
    }
  }
  if (errors.length > 0) {
    await Promise.all(owned.map((s) => s.close().catch(() => undefined)));
    throw new ConfigErrors(errors);
  }
  if (deps.schedule !== false) for (const f of feeds.values()) f.start();
  for (const m of mounted) {
    if (m.token === undefined && m.factory.auth !== 'own') deps.logger.warn({ bridge: m.factory.name }, 'bridge has no token (bridges.token, its own token, or daemon.token): it answers 403 until one is set');
  }

  return {
    async handle(req, res, url) {
      const m = mounted.find((x) => url.pathname === x.factory.prefix || url.pathname.startsWith(`${x.factory.prefix}/`));
      if (!m) return false;
      if (m.factory.auth !== 'own' && !authorized(req, res, url, m.factory, m.token)) return true;
      await m.bridge.handle(req, res, url);
      return true;
    },
    status: () => Object.fromEntries(mounted.map((m) => [m.factory.name, m.bridge.status()])),
    async readNow() {
      await Promise.all([...feeds.values()].map((f) => f.readAll()));
      await Promise.all(mounted.map((m) => m.bridge.settled?.()));
    },
    async close() {
      for (const f of feeds.values()) f.stop();
      for (const m of mounted) await m.bridge.close?.().catch(() => undefined);
      await Promise.all(owned.map((s) => s.close().catch(() => undefined)));
    },
  };
}

/** Answers 403/401 and returns false unless the caller presents the bridge's token. */
function authorized(req: IncomingMessage, res: ServerResponse, url: URL, factory: BridgeFactory, token: string | undefined): boolean {
  if (token === undefined) {
    sendJson(res, 403, { error: `bridge ${factory.name} is disabled: no token is configured`, fix: `set bridges.${factory.name}.token, bridges.token or daemon.token (from \${ENV_VAR} or \${file:/path})` });
    return false;
  }
  if (bearerMatches(req.headers.authorization, token)) return true;
  if (factory.auth === 'token-or-key' && keyMatches(url.searchParams.get('key'), token)) return true;
  res.setHeader('www-authenticate', 'Bearer realm="billsync bridges"');
  const how = factory.auth === 'token-or-key' ? 'Authorization: Bearer <token> or key=<token> in the URL' : 'Authorization: Bearer <token>';
  sendJson(res, 401, { error: `missing or wrong token for bridge ${factory.name} (${how})` });
  return false;
}
