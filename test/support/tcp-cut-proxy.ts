/**
 * A TCP pass-through for the chaos tests that can cut every connection on demand: put in front
 * of PostgreSQL, `cut()` is the database vanishing mid-run (a failover, a killed backend, a
 * network partition) — open connections are reset and new ones refused until `heal()`.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export class TcpCutProxy {
  private server: Server | undefined;
  private readonly open = new Set<Socket>();
  private refusing = false;

  constructor(
    private readonly upstreamHost: string,
    private readonly upstreamPort: number,
  ) {}

  /** Listens on 127.0.0.1 (a free port); resolves to the port. */
  async start(): Promise<number> {
    const s = createServer((client) => {
      if (this.refusing) {
        client.destroy();
        return;
      }
      const upstream = createConnection(this.upstreamPort, this.upstreamHost);
      for (const sock of [client, upstream]) {
        this.open.add(sock);
        sock.on('close', () => this.open.delete(sock));
        sock.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = s;
    return (s.address() as { port: number }).port;
  }

  /** Resets every open connection and refuses new ones until heal(). */
  cut(): void {
    this.refusing = true;
    for (const sock of this.open) sock.resetAndDestroy();
  }

  heal(): void {
    this.refusing = false;
  }

  async stop(): Promise<void> {
    this.cut();
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
