/**
 * Starts bridges over in-memory sources on a loopback HTTP server, as the daemon mounts them
 * (same handler), without the rest of the daemon.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncConfig } from '../../src/config/types.js';
import { startBridges, type BridgeSet } from '../../src/bridges/index.js';
import { createLogger } from '../../src/util/logger.js';
import type { MemorySource } from './memory-source.js';

export interface Harness {
  readonly url: string;
  readonly bridges: BridgeSet;
  /** Moves the bridges' clock. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly source: MemorySource;
  /** Bridge name → mapping YAML text. */
  readonly mappings: Readonly<Record<string, string>>;
  readonly token?: string;
  readonly secretValues?: readonly string[];
  readonly now?: Date;
}

export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'bridges-'));
  const bridges: Record<string, object> = {};
  for (const [name, text] of Object.entries(o.mappings)) {
    const file = join(dir, `${name}.yaml`);
    await writeFile(file, text);
    bridges[name] = { name, source: o.source.name, mapping: file, ...(o.token ? { token: o.token } : {}), refreshMs: 600_000, position: { file: 'sync.yaml', line: 1, col: 1 } };
  }
  const config = { sources: {}, bridges: { bridges }, secretValues: o.secretValues ?? [] } as unknown as SyncConfig;
  let now = o.now?.getTime() ?? Date.parse('2026-12-04T10:00:00Z');
  const set = await startBridges(config, { sources: new Map([[o.source.name, o.source]]) }, { logger: createLogger({ level: 'silent' }), now: () => new Date(now), schedule: false });
  if (!set) throw new Error('no bridges started');
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    set.handle(req, res, url).then((handled) => {
      if (!handled) {
        res.writeHead(404);
        res.end();
      }
    }, (err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    bridges: set,
    advance: (ms) => {
      now += ms;
    },
    close: async () => {
      await set.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}
