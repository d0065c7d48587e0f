/** Entity and op builders, an id map like the snapshot's, and a real plan → apply loop for the SmartYard target tests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executePlan, rowKey } from '../../../src/apply/executor.js';
import type { TargetConfig } from '../../../src/config/types.js';
import type { Attrs, Entity, SnapshotEntity } from '../../../src/model/entity.js';
import type { Op } from '../../../src/model/op.js';
import { buildPlan } from '../../../src/plan/plan.js';
import type { Store } from '../../../src/store/store.js';
import type { ExecuteContext, Target } from '../../../src/targets/target.js';
import { silentLogger } from '../../../src/util/logger.js';

export const T = 'yard';
let seq = 0;

export const device = (key: string, attrs: Attrs = {}): Entity => ({ target: T, kind: 'device', key, attrs: { device_type: 1, ...attrs }, sets: {} });
export const door = (key: string, attrs: Attrs): Entity => ({ target: T, kind: 'door', key, attrs, sets: {} });
export const rights = (uid: number, devices: string[]): Entity => ({
  target: T,
  kind: 'rights',
  key: String(uid),
  attrs: {},
  sets: { devices: [...devices].sort() },
  origin: { source: 'billing', id: String(uid) },
});

const base = (kind: string, key: string) => ({ seq: ++seq, target: T, kind, key, after: [] });
export const create = (e: Entity): Op => ({ ...base(e.kind, e.key), type: 'create', entity: { ...e, sets: Object.fromEntries(Object.keys(e.sets).map((s) => [s, []])) } });
export const update = (e: Entity): Op => ({ ...base(e.kind, e.key), type: 'update', changes: [], entity: e });
export const del = (e: Entity, remoteId: string | null = null): Op => ({ ...base(e.kind, e.key), type: 'delete', before: { ...e, remoteId, hash: '' } });
export const member = (type: 'add_member' | 'remove_member', uid: number, m: string): Op => ({ ...base('rights', String(uid)), type, set: 'devices', member: m });

/** Remote ids by kind and key, both ways, like the executor's view of the snapshot. */
export class Ids implements ExecuteContext {
  private readonly ids = new Map<string, string>();

  set(kind: string, key: string, id: string | number | null | undefined): this {
    if (id !== null && id !== undefined) this.ids.set(`${kind}/${key}`, String(id));
    return this;
  }
  remoteIdOf(kind: string, key: string): string | null {
    return this.ids.get(`${kind}/${key}`) ?? null;
  }
  keyOf(kind: string, remoteId: string): string | null {
    for (const [k, v] of this.ids) if (v === remoteId && k.startsWith(`${kind}/`)) return k.slice(kind.length + 1);
    return null;
  }
}

/** Only remoteIdOf: what a caller that cannot map ids back gives. */
export const withoutKeyOf = (ids: Ids): ExecuteContext => ({ remoteIdOf: (k, key) => ids.remoteIdOf(k, key) });

const CONFIG: TargetConfig = {
  name: T,
  type: 'smartyard',
  options: {},
  rate: { concurrency: 4 },
  retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  safety: { minSourceShare: 0 },
  drift: 'report',
  position: { file: 'sync.yaml', line: 1, col: 1 },
};

export interface Applied {
  /** `type kind key[ member]` of every op, in plan order. */
  readonly ops: string[];
  readonly failed: string[];
  readonly snapshot: SnapshotEntity[];
}

/**
 * Plans `desired` against the store's snapshot with the real planner (diff, ordering across
 * kinds) and applies it with the real executor (parallel per target, retries, keyOf over the
 * run's rows), committing to the store.
 */
export async function planAndApply(target: Target, store: Store, desired: readonly Entity[]): Promise<Applied> {
  const snapshot = await store.loadSnapshot(T);
  const plan = buildPlan({
    targets: [{ target: T, kinds: target.kinds, safety: CONFIG.safety, desired, snapshot, sources: [{ source: 'billing', read: 1 }] }],
    skipped: [],
    overrides: {},
    configHash: 'test',
    snapshotHashes: {},
    createdAt: new Date(0).toISOString(),
    secrets: store.secrets,
  });
  const runId = await store.beginRun('apply', null);
  const result = await executePlan(plan, runId, {
    store,
    targets: new Map([[T, target]]),
    configs: { [T]: CONFIG },
    snapshot: new Map([[T, new Map(snapshot.map((e) => [rowKey(e.kind, e.key), e]))]]),
    logger: silentLogger(),
    sleep: async () => undefined,
  });
  await store.finishRun(runId, 'ok', {});
  const label = (op: Op) => `${op.type} ${op.kind} ${op.key}${op.type === 'add_member' || op.type === 'remove_member' ? ` ${op.member}` : ''}`;
  return { ops: plan.ops.map(label), failed: result.failed.map((f) => `${label(f.op)}: ${f.reason}`), snapshot: await store.loadSnapshot(T) };
}

/**
 * A path-rewriting proxy in front of the emulator: `/legacy/...` answers 308 to the same path
 * without `/legacy` on its own origin, everything else is forwarded. Resolves to its base URL.
 */
export async function redirectingProxy(upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      if (path.startsWith('/legacy/')) {
        res.writeHead(308, { location: path.slice('/legacy'.length), 'content-length': '0' });
        res.end();
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      fetch(`${upstream}${path}`, { method: req.method ?? 'POST', headers, body: Buffer.concat(chunks), redirect: 'manual' })
        .then(async (r) => {
          const body = Buffer.from(await r.arrayBuffer());
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/plain', 'content-length': String(body.length) });
          res.end(body);
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
