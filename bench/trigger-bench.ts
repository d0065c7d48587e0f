/**
 * The cost of a trigger (POST /v1/sync, `billsync sync`, a change-driven round) as the store
 * grows: a restricted plan reads its subscribers' snapshot rows by index
 * (engine/restricted-snapshot.ts), so the time per trigger should not grow with the
 * subscribers stored. Hydra → Smarty, sync.yaml.example's settings; the store is filled as
 * plan-bench fills it (the desired state of N generated Hydra customers, stored as if applied);
 * subscribers are point-read from memory (the source's own normaliser, no HTTP), so what is
 * timed is the engine and the store. Prints a table to stderr and one JSON line to stdout.
 *
 *   tsx bench/trigger-bench.ts [sizes=10000,100000] [store=sqlite|postgres://…] [triggers=100]
 *
 * Per size: `triggers` one-subscriber plans (half of them with a changed tariff), one plan
 * naming 1 % of the subscribers at once (a change-driven round), and — for contrast — a few
 * one-subscriber plans made the way they were before keyed reads (the whole snapshot loaded).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotChange } from '../src/apply/snapshot-change.js';
import { loadConfig } from '../src/config/index.js';
import { pairInfo, writePairConfig } from '../src/demo/example-config.js';
import { DesiredStateBuilder, inventoryEntities } from '../src/engine/desired.js';
import { makePlan } from '../src/engine/make-plan.js';
import { openRuntime, type Runtime } from '../src/engine/runtime.js';
import type { Entity, SnapshotEntity } from '../src/model/entity.js';
import { kindSpec } from '../src/model/kind.js';
import type { Subscriber } from '../src/model/subscriber.js';
import type { Source } from '../src/sources/source.js';
import type { Store } from '../src/store/store.js';
import { silentLogger } from '../src/util/logger.js';
import { benchData, subscriberPages } from './lib/subscribers.js';

const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const storeArg = process.argv[3] ?? 'sqlite';
const triggers = Number(process.argv[4] ?? 100);
const PAIR = 'hydra-smarty';
const CONTRAST = 5;
const now = new Date();
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

interface Row {
  size: number;
  entities: number;
  fillMs: number;
  /** Median and 90th percentile of one-subscriber plans, keyed reads. */
  triggerMedianMs: number;
  triggerP90Ms: number;
  /** Snapshot rows one trigger read (mean). */
  rowsPerTrigger: number;
  /** One plan naming 1 % of the subscribers. */
  onePercent: number;
  onePercentMs: number;
  /** One-subscriber plans loading the whole snapshot (before keyed reads), median. */
  wholeSnapshotMedianMs: number;
}

function memorySource(subs: ReadonlyMap<string, Subscriber>, change: (s: Subscriber) => Subscriber): Source {
  return {
    type: 'hydra',
    name: 'hydra',
    read: () => {
      throw new Error('trigger bench: no full read');
    },
    readOne: async (id) => {
      const s = subs.get(id);
      return s ? change(s) : null;
    },
    close: async () => undefined,
  };
}

function counting(store: Store, counter: { rows: number }): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'pickSnapshot') {
        return async (t: string, pick: Parameters<Store['pickSnapshot']>[1]) => {
          const rows = await target.pickSnapshot(t, pick);
          counter.rows += rows.length;
          return rows;
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? 0;

async function benchSize(size: number): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), 'billsync-trigger-bench-'));
  const schema = `billsync_trigger_bench_${process.pid}_${size}`;
  const pg = storeArg.startsWith('postgres');
  const storeUrl = pg ? `${storeArg}${storeArg.includes('?') ? '&' : '?'}schema=${schema}` : `sqlite:${join(dir, 'state.db')}`;
  const env = {
    HYDRA_URL: 'http://127.0.0.1:9/rest/v2',
    HYDRA_PASSWORD: 'unused',
    SMARTY_URL: 'http://127.0.0.1:9/billing/api',
    SMARTY_API_KEY: 'unused',
    BILLSYNC_STORE_URL: storeUrl,
    ...(pg ? { BILLSYNC_STORE_KEY: 'bench-store-secret-key-0123456789abcdef0123' } : {}),
  };
  const { source, target } = await pairInfo(PAIR);
  const rt0 = await openRuntime(await loadConfig(await writePairConfig(join(dir, 'config'), [PAIR]), env), { logger: silentLogger() });
  try {
    // Fill: the desired state of `size` customers, stored as an apply would have stored it.
    const fillStarted = performance.now();
    const subs = new Map<string, Subscriber>();
    const ids: string[] = [];
    let index = 0;
    const pickIndex = (i: number): number => Math.floor((i * 7919) % size);
    const wanted = new Set<number>();
    for (let i = 0; i < triggers + 1005; i++) wanted.add(pickIndex(i));
    for (let i = 0; i < size; i += 100) wanted.add(i);
    const adapter = rt0.targets.get(target)!;
    let fixed: ReadonlyMap<string, readonly Entity[]> | undefined = inventoryEntities(rt0.config);
    let seq = 0;
    for (const page of subscriberPages(benchData(size), 1000, now)) {
      const b = new DesiredStateBuilder(rt0.mappings, fixed);
      fixed = undefined;
      b.add(source, page);
      const rows: SnapshotEntity[] = [];
      for (const e of b.result().byTarget.get(target) ?? []) {
        const adjusted = adapter.desiredFor ? adapter.desiredFor(e) : e;
        seq++;
        const c = snapshotChange({ seq, target, kind: adjusted.kind, key: adjusted.key, after: [], type: 'create', entity: adjusted }, undefined, { remoteId: String(seq) }, kindSpec(adapter.kinds, adjusted.kind), rt0.store.secrets);
        if (c.kind === 'put') rows.push(c.entity);
      }
      await rt0.store.putSnapshot(rows);
      // Only the subscribers the triggers name are kept: at a million, all of them would not fit.
      for (const s of page) {
        if (wanted.has(index)) subs.set(s.id, s);
        ids.push(s.id);
        index++;
      }
    }
    // Tariff names cached, so a changed trigger's plan does not ask the (absent) target.
    await rt0.store.putMemberNames(target, now.toISOString(), {});
    const fillMs = performance.now() - fillStarted;

    const pickId = (i: number): string => ids[pickIndex(i)]!;
    // Every other trigger reports a changed subscriber: one service fewer.
    let flip = false;
    const change = (s: Subscriber): Subscriber => {
      flip = !flip;
      return flip && s.services.length > 0 ? { ...s, services: s.services.slice(1) } : s;
    };
    const counter = { rows: 0 };
    const rt: Runtime = { ...rt0, sources: new Map([[source, memorySource(subs, change)]]), store: counting(rt0.store, counter) };

    // Warm up (statement preparation, JIT), then time.
    for (let i = 0; i < 5; i++) await makePlan(rt, { only: [{ source, id: pickId(i + 1000) }], now: () => now });
    counter.rows = 0;
    const times: number[] = [];
    for (let i = 0; i < triggers; i++) {
      const t = performance.now();
      await makePlan(rt, { only: [{ source, id: pickId(i) }], now: () => now });
      times.push(performance.now() - t);
    }
    const rowsPerTrigger = counter.rows / triggers;
    const named = ids.filter((_, i) => i % 100 === 0).map((id) => ({ source, id }));
    let t = performance.now();
    await makePlan(rt, { only: named, now: () => now });
    const onePercentMs = performance.now() - t;

    // Before keyed reads: every trigger loaded the target's whole snapshot.
    const whole: Runtime = { ...rt, store: new Proxy(rt0.store, { get: (s, p) => (p === 'pickSnapshot' ? (target: string) => s.loadSnapshot(target) : (Reflect.get(s, p, s) as (...a: unknown[]) => unknown).bind?.(s) ?? Reflect.get(s, p, s)) }) };
    const wholeTimes: number[] = [];
    // At a million the contrast would take minutes per plan: one is enough to show it.
    for (let i = 0; i < (size >= 1_000_000 ? 1 : CONTRAST); i++) {
      t = performance.now();
      await makePlan(whole, { only: [{ source, id: pickId(i) }], now: () => now });
      wholeTimes.push(performance.now() - t);
    }
    return {
      size,
      entities: seq,
      fillMs: Math.round(fillMs),
      triggerMedianMs: round(median(times)),
      triggerP90Ms: round(p90(times)),
      rowsPerTrigger: round(rowsPerTrigger),
      onePercent: named.length,
      onePercentMs: Math.round(onePercentMs),
      wholeSnapshotMedianMs: Math.round(median(wholeTimes)),
    };
  } finally {
    await rt0.close();
    await rm(dir, { recursive: true, force: true });
    if (pg) {
      const { default: pgm } = await import('pg');
      const client = new pgm.Client({ connectionString: storeArg });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  }
}

const rows: Row[] = [];
for (const size of sizes) {
  process.stderr.write(`trigger bench: ${size} subscribers, ${storeArg.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'} store…\n`);
  rows.push(await benchSize(size));
}
process.stderr.write('\nsubscribers  entities  fill s  trigger median / p90 ms  rows read/trigger  1 % at once (n, ms)  whole-snapshot trigger ms\n');
for (const r of rows) {
  process.stderr.write(
    `${String(r.size).padStart(11)}  ${String(r.entities).padStart(8)}  ${String(round(r.fillMs / 1000)).padStart(6)}  ${`${r.triggerMedianMs} / ${r.triggerP90Ms}`.padStart(23)}  ${String(r.rowsPerTrigger).padStart(17)}  ${`${r.onePercent}, ${r.onePercentMs}`.padStart(19)}  ${String(r.wholeSnapshotMedianMs).padStart(25)}\n`,
  );
}
console.log(JSON.stringify({ pair: PAIR, store: storeArg.startsWith('postgres') ? 'postgres' : 'sqlite', triggers, results: rows }));
