/**
 * `billsync run` as a library: starts everything the daemon is — leadership, runtime, one worker
 * per target on its own schedule, the trigger coalescer and the HTTP endpoint — and shuts it
 * down gracefully (see lifecycle.ts). Startup failures release what was already opened.
 */
import type { SyncConfig } from '../config/types.js';
import { DEFAULT_DAEMON } from '../config/daemon.js';
import { compileMappings, openRuntime, type Runtime } from '../engine/runtime.js';
import type { Logger } from '../util/logger.js';
import { onRateLimitWait } from '../util/rate-limit.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { Coalescer } from './coalescer.js';
import { parseListen, startHttpServer } from './http-server.js';
import { createConsole, type Console } from './ui/console.js';
import { startBridges } from '../bridges/index.js';
import { consoleSettings, isLoopbackHost } from './ui/settings.js';
import { createLeadership, type Leadership } from '../lock/index.js';
import { markAbandonedRuns } from '../engine/abandoned-runs.js';
import { Lifecycle } from './lifecycle.js';
import { DaemonMetrics } from './metrics.js';
import { KeyedMutex } from './mutex.js';
import { TargetWorker, type WorkerStatus } from './target-worker.js';
import { SharedReads } from './shared-reads.js';
import { parseTriggerKey, triggerKey, triggerStatus, type TriggerResult } from './trigger.js';
import { startUpsaleBridge } from '../bridges/smotreshka-upsale/start.js';

export interface DaemonOptions {
  readonly logger: Logger;
  /** Overrides daemon.listen. */
  readonly listen?: string;
  /** PostgreSQL: how often followers try for leadership (the takeover bound). */
  readonly leaderPollMs?: number;
  /** Window in which triggers for one subscriber coalesce (default 100 ms). */
  readonly coalesceMs?: number;
  /** Consecutive failed runs that open a target's circuit (default 3). */
  readonly breakerThreshold?: number;
  /** The watchdog's way out (tests). */
  readonly exit?: (code: number) => void;
  readonly random?: () => number;
  readonly now?: () => Date;
}

export interface DaemonHealth {
  readonly status: 'ok' | 'degraded' | 'stopping';
  readonly pid: number;
  readonly leadership: Leadership['kind'];
  readonly queueDepth: number;
  /** Destructive ops held back by the safety gates over all targets (billsync approve). */
  readonly heldBackOps: number;
  readonly targets: Readonly<Record<string, WorkerStatus>>;
}

export interface Daemon {
  /** `http://host:port` of the trigger / health endpoint (and the console under /ui/). */
  readonly url: string;
  /** The web console, when daemon.ui is on. */
  readonly console?: Console;
  readonly runtime: Runtime;
  health(): DaemonHealth;
  /** Triggers a one-subscriber sync as POST /v1/sync does. */
  trigger(source: string, id: string): Promise<TriggerResult>;
  /** Graceful shutdown; resolves when everything is released. */
  shutdown(reason: string): Promise<void>;
  /** The lifecycle (signal handlers, watchdog). */
  readonly lifecycle: Lifecycle;
}

export async function startDaemon(config: SyncConfig, opts: DaemonOptions): Promise<Daemon> {
  const settings = config.daemon ?? DEFAULT_DAEMON;
  const logger = opts.logger;
  const now = opts.now ?? (() => new Date());
  const lifecycle = new Lifecycle({ logger, timeoutMs: settings.shutdownTimeoutMs, ...(opts.exit ? { exit: opts.exit } : {}) });
  // Config mistakes cost no I/O and take no lock.
  // Targets fed by a mapping, and targets whose inventory alone declares what they hold.
  const targetNames = [...new Set([...compileMappings(config).mappings.map((m) => m.target), ...Object.keys(config.inventories ?? {})])];
  const workers = new Map<string, TargetWorker>();
  let metrics: DaemonMetrics | undefined;
  try {
    const leadership = createLeadership(config.store.url, config.dir, targetNames, logger, opts.leaderPollMs !== undefined ? { pollMs: opts.leaderPollMs } : {});
    // Registered first, released last: no other daemon takes over while this one still commits.
    lifecycle.defer('leadership', () => leadership.close());
    await leadership.start(
      {
        acquired: (t) => {
          metrics?.leadership(t, true);
          workers.get(t)?.kick();
        },
        lost: (t, reason) => {
          metrics?.leadership(t, false);
          workers.get(t)?.abort(`leadership lost: ${reason}`);
        },
      },
      { watch: true },
    );

    const rt = await openRuntime(config, { logger, now });
    lifecycle.defer('runtime', () => rt.close());
    // Runs a killed predecessor left `running` are marked abandoned, so status never lies.
    await markAbandonedRuns(rt.store, leadership.kind !== 'postgres', logger);
    // Before any worker reads: the bridges tap the runtime's sources to keep their reads.
    const bridges = await startBridges(config, rt, { logger, now });
    if (bridges) lifecycle.defer('bridges', () => bridges.close());

    const coalescer = new Coalescer<TriggerResult>({
      windowMs: opts.coalesceMs ?? 100,
      run: async (key) => {
        const { source, id } = parseTriggerKey(key);
        const fed = rt.mappings.filter((m) => m.source === source).map((m) => m.target);
        const runs = await Promise.all([...new Set(fed)].map((t) => workers.get(t)!.run('trigger', [{ source, id }])));
        return { source, id, status: triggerStatus(runs), targets: runs };
      },
    });
    metrics = new DaemonMetrics(() => coalescer.depth());
    const m = metrics;
    lifecycle.defer('rate-limit metrics', onRateLimitWait((label) => m.rateLimitWait(label)));

    const mutex = new KeyedMutex();
    const intervalOf = (t: string): number => settings.targetIntervalsMs[t] ?? settings.intervalMs;
    // A failing target rests at least one interval, doubling up to 16 intervals (max 1 h).
    // One read per source per round: every target fed by a source reads it through one shared read,
    // never older than one interval of the fastest target it feeds.
    const fed = new Map<string, Set<string>>();
    for (const mp of rt.mappings) fed.set(mp.source, (fed.get(mp.source) ?? new Set()).add(mp.target));
    const shared = new SharedReads(rt.sources, fed, (s) => Math.min(...[...(fed.get(s) ?? [])].map(intervalOf)));
    for (const t of targetNames) {
      const breaker = new CircuitBreaker({ threshold: opts.breakerThreshold ?? 3, baseCooldownMs: intervalOf(t), maxCooldownMs: Math.min(3_600_000, intervalOf(t) * 16) });
      workers.set(t, new TargetWorker({ rt, target: t, intervalMs: intervalOf(t), jitter: settings.jitter, leadership, breaker, mutex, metrics: m, logger, track: (what, p) => lifecycle.track(what, p), random: opts.random ?? Math.random, now, shared, ...(settings.fullEveryMs !== undefined ? { fullEveryMs: settings.fullEveryMs } : {}) }));
      m.leadership(t, leadership.holds(t));
      m.breakerState(t, 'closed');
    }

    const health = (): DaemonHealth => {
      const targets = Object.fromEntries([...workers].map(([t, w]) => [t, w.status()]));
      const degraded = Object.values(targets).some((s) => s.breaker.state !== 'closed');
      const heldBackOps = Object.values(targets).reduce((n, s) => n + (s.heldBack?.ops ?? 0), 0);
      return { status: lifecycle.stopping ? 'stopping' : degraded ? 'degraded' : 'ok', pid: process.pid, leadership: leadership.kind, queueDepth: coalescer.depth(), heldBackOps, targets };
    };
    const sources = [...new Set(rt.mappings.map((mp) => mp.source))];
    const listen = opts.listen ?? settings.listen;
    const submit = (source: string, id: string) => {
      const req = coalescer.submit(triggerKey(source, id));
      lifecycle.track(`trigger ${source}:${id}`, req.result.catch(() => undefined));
      return req;
    };
    const ui = consoleSettings(settings, parseListen(listen).host);
    const webConsole: Console | undefined = ui.enabled
      ? createConsole({ rt, token: settings.token, auth: ui.auth, logger: logger.child({ component: 'console' }), now, health, submit, approve: (t, hash, who) => workers.get(t)!.approve(hash, who), waitLimitMs: 60_000 })
      : undefined;
    const upsale = startUpsaleBridge(config, settings, rt.store, m.registry, logger);
    const http = await startHttpServer(listen, {
      token: settings.token,
      logger,
      sources,
      submit,
      // Asked in order: the upsale callbacks (their own auth), then the configured bridges.
      bridges: bridges ? [upsale, bridges] : [upsale],
      ...(webConsole ? { console: webConsole } : {}),
      approve: (target, hash, who) => workers.get(target)?.approve(hash, who),
      health,
      ready: () => !lifecycle.stopping,
      metrics: () => m.text(),
      waitLimitMs: 60_000,
    });
    lifecycle.defer('http endpoint', () => http.close());
    if (settings.token === undefined) logger.warn('daemon.token is not set: POST /v1/sync answers 403 until it is');
    if (ui.enabled && ui.auth === 'token' && settings.token === undefined) logger.warn('the console needs a login, but daemon.token is not set: nobody can log in to it');
    if (ui.enabled && ui.auth === 'none' && !isLoopbackHost(parseListen(listen).host)) {
      logger.warn({ listen }, 'daemon.ui_auth is none on a non-loopback address: the console pages answer only to loopback host names');
    }

    // Shutdown: stop taking triggers and scheduling, abort applies (in-flight ops finish and
    // commit); the lifecycle then waits for the runs it tracks and releases LIFO.
    lifecycle.signal.addEventListener('abort', () => {
      coalescer.close();
      for (const w of workers.values()) {
        w.stop();
        w.abort('the daemon is shutting down');
      }
    });
    for (const w of workers.values()) w.start();
    logger.info({ url: http.url, ...(webConsole ? { console: `${http.url}/ui/`, consoleAuth: ui.auth } : {}), targets: targetNames, leadership: leadership.kind, held: leadership.held(), intervalMs: settings.intervalMs }, 'daemon started');

    return {
      url: http.url,
      runtime: rt,
      ...(webConsole ? { console: webConsole } : {}),
      health,
      trigger: (source, id) => coalescer.submit(triggerKey(source, id)).result,
      shutdown: (reason) => lifecycle.shutdown(reason),
      lifecycle,
    };
  } catch (err) {
    await lifecycle.shutdown(`startup failed: ${(err as Error).message}`);
    lifecycle.disarm();
    throw err;
  }
}
