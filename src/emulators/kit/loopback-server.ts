/**
 * The listening side every emulator shares: a node:http server on 127.0.0.1 (port 0 picks a free
 * one), a stop that does not wait for clients' kept-alive connections, a handler's crash answered
 * by the emulator's own error page instead of a hung request, and the most requests in flight at
 * once (how tests check a client's concurrency).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers one request; a rejection is an emulator bug and goes to the crash handler. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Answers (as the emulated system would a bug of its own) a request whose handler threw. */
export type CrashHandler = (err: unknown, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export class LoopbackServer {
  private server: Server | undefined;
  private inFlight = 0;
  private peak = 0;

  /** `name` (e.g. `smarty emulator`) only names it in errors. */
  constructor(
    private readonly name: string,
    private readonly handle: RequestHandler,
    private readonly crashed: CrashHandler,
  ) {}

  /** Listens on 127.0.0.1; resolves to `http://127.0.0.1:<port>`. Refuses a second start. */
  async start(port = 0): Promise<string> {
    if (this.server) throw new Error(`${this.name} already started`);
    const s = createServer((req, res) => {
      this.inFlight += 1;
      this.peak = Math.max(this.peak, this.inFlight);
      this.handle(req, res)
        .catch((err: unknown) => this.crashed(err, req, res))
        // A crash page that fails too must not become an unhandled rejection: drop the request.
        .catch(() => res.destroy())
        .finally(() => {
          this.inFlight -= 1;
        });
    });
    this.server = s;
    try {
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
    } catch (err) {
      // Not listening (port taken): not started, so a later start() may try again.
      this.server = undefined;
      throw err;
    }
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  /** Stops listening and drops open connections; does nothing when not started. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    // Clients keep connections alive; close them or close() waits for their idle timeout.
    s.closeAllConnections();
    await closed;
  }

  /** Most requests handled at the same time since creation or the last `resetPeak()`. */
  get peakInFlight(): number {
    return this.peak;
  }

  /** Measures the peak afresh, from the requests in flight now. */
  resetPeak(): void {
    this.peak = this.inFlight;
  }
}
