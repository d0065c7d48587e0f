/**
 * Leadership on a PostgreSQL store: `pg_try_advisory_lock` per target, held by one dedicated
 * connection (session-level locks live exactly as long as that connection). A daemon that dies,
 * even by kill -9, closes its socket and the server releases its locks; a follower polling every
 * `pollMs` takes over within that bound. A lost connection is lost leadership of every target.
 */
import pg from 'pg';
import { hostname } from 'node:os';
import type { PostgresLocation } from '../store/store-url.js';
import type { Logger } from '../util/logger.js';
import { advisoryKey } from './advisory-key.js';
import type { Leadership, LeadershipEvents } from './leadership.js';

export interface PostgresLeadershipOptions {
  /** How often to try for unheld targets and check the connection (the takeover bound). */
  readonly pollMs: number;
}

/** `billsync pid 123 on host since 2026-…`, within PostgreSQL's 63-byte application_name. */
function holderName(): string {
  return `billsync pid ${process.pid} on ${hostname()} since ${new Date().toISOString().slice(0, 19)}Z`.slice(0, 63);
}

export class PostgresLeadership implements Leadership {
  readonly kind = 'postgres';
  private client: pg.Client | null = null;
  private readonly heldSet = new Set<string>();
  private events: LeadershipEvents | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly loc: PostgresLocation,
    private readonly targets: readonly string[],
    private readonly logger: Logger,
    private readonly opts: PostgresLeadershipOptions,
  ) {}

  async start(events: LeadershipEvents, opts: { watch: boolean }): Promise<void> {
    this.events = events;
    await this.poll();
    if (opts.watch) {
      this.timer = setInterval(() => void this.poll(), this.opts.pollMs);
      this.timer.unref();
    }
  }

  holds(target: string): boolean {
    return this.heldSet.has(target);
  }

  held(): readonly string[] {
    return [...this.heldSet];
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.polling?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    this.heldSet.clear();
    // Ending the session releases its advisory locks; unlock first anyway so a pooled proxy
    // (pgbouncer in session mode) cannot keep them alive.
    if (client) {
      await client.query('select pg_advisory_unlock_all()').catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }

  private poll(): Promise<void> {
    // One poll at a time: a slow server must not pile up overlapping lock attempts.
    this.polling ??= this.pollOnce().finally(() => (this.polling = null));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    if (this.closed) return;
    const client = this.client ?? (await this.connect());
    if (!client) return;
    try {
      // A cheap round trip proves the session (and so the locks) still exists.
      if (this.heldSet.size > 0) await client.query('select 1');
      for (const target of this.targets) {
        if (this.heldSet.has(target) || this.closed) continue;
        const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [this.keyOf(target)]);
        if (rows[0]?.ok === true) {
          this.heldSet.add(target);
          this.logger.info({ target }, 'leadership acquired');
          this.events?.acquired(target);
        }
      }
    } catch (err) {
      this.drop(client, `leadership connection failed: ${(err as Error).message}`);
    }
  }

  private async connect(): Promise<pg.Client | null> {
    const client = new pg.Client({
      connectionString: this.loc.connectionString,
      connectionTimeoutMillis: Math.max(1000, this.opts.pollMs * 2),
      // A query that hangs means the session may be gone: treat it as lost leadership.
      query_timeout: Math.max(2000, this.opts.pollMs * 3),
      keepAlive: true,
      // Names the holder, so a refused writer can say who holds the lock (holderOf).
      application_name: holderName(),
    });
    client.on('error', (err) => this.drop(client, `leadership connection lost: ${err.message}`));
    client.on('end', () => this.drop(client, 'leadership connection closed'));
    try {
      await client.connect();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, store: this.loc.display }, 'cannot connect for leadership; retrying');
      await client.end().catch(() => undefined);
      return null;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return null;
    }
    this.client = client;
    return client;
  }

  private drop(client: pg.Client, reason: string): void {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    for (const target of [...this.heldSet]) {
      this.heldSet.delete(target);
      this.logger.warn({ target, reason }, 'leadership lost');
      this.events?.lost(target, reason);
    }
  }

  /**
   * Who holds the target's lock, as the holder named itself (`billsync pid N on HOST since T`);
   * null when nobody does or the server will not say.
   */
  async holderOf(target: string): Promise<string | null> {
    const key = BigInt.asUintN(64, BigInt(this.keyOf(target)));
    const client = new pg.Client({ connectionString: this.loc.connectionString, connectionTimeoutMillis: 5000, application_name: 'billsync-probe' });
    try {
      await client.connect();
      // A bigint advisory key is held as classid (high 32 bits) and objid (low 32 bits), objsubid 1.
      const { rows } = await client.query<{ application_name: string; client_addr: string | null }>(
        `select a.application_name, host(a.client_addr) as client_addr from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where l.locktype = 'advisory' and l.granted and l.objsubid = 1 and l.classid::text = $1 and l.objid::text = $2`,
        [String(key >> 32n), String(key & 0xffffffffn)],
      );
      const row = rows[0];
      if (!row) return null;
      return `${row.application_name || 'an unnamed session'}${row.client_addr ? ` (connected from ${row.client_addr})` : ''}`;
    } catch {
      return null;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private keyOf(target: string): string {
    const db = new URL(this.loc.connectionString).pathname;
    return advisoryKey(`${db}/${this.loc.schema ?? ''}`, target);
  }
}
