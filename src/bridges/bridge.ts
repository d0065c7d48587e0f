/**
 * What a bridge is to the daemon: a URL prefix it answers under, a status for /healthz, and the
 * way callers prove who they are. One folder per bridge (usm-billing/, smartyard-billing/, …)
 * exports a BridgeFactory; registry.ts lists them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { YamlDocument } from '../config/load.js';
import type { Logger } from '../util/logger.js';
import type { BridgeConfig } from './config.js';
import type { SourceFeed } from './source-feed.js';

/**
 * How the router checks callers before the bridge sees the request:
 * - `token`: `Authorization: Bearer <token>` (as POST /v1/sync);
 * - `token-or-key`: that, or `key=<token>` in the query, for platforms that can only be given a URL;
 * - `own`: the bridge checks callers itself (its contract has its own scheme).
 */
export type BridgeAuth = 'token' | 'token-or-key' | 'own';

export interface BridgeContext {
  readonly config: BridgeConfig;
  /** The bridge's source, its last complete read and point reads. */
  readonly feed: SourceFeed;
  /** The bridge's mapping file, parsed with positions. */
  readonly mapping: YamlDocument;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Every secret value of the configuration: never part of an answer. */
  readonly secretValues: readonly string[];
}

export interface Bridge {
  /** Answers one request under the bridge's prefix (callers already checked unless auth is `own`). */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  /** For /healthz: how old the data is, how many subscribers it answers for. */
  status(): object;
  /** Resolves when the latest kept read is reflected in the answers. */
  settled?(): Promise<void>;
  close?(): Promise<void>;
}

export interface BridgeFactory {
  /** Key under `bridges:` in sync.yaml. */
  readonly name: string;
  /** URL prefix, no trailing slash (`/bridges/usm-billing`). */
  readonly prefix: string;
  readonly auth: BridgeAuth;
  /** Compiles the mapping; throws ConfigErrors (file:line:col) on mistakes. */
  create(ctx: BridgeContext): Bridge;
}
