import { request as httpRequest, Agent } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackServer } from '../../../src/emulators/kit/loopback-server.js';

/** GET `url` (optionally through a keep-alive agent); status and body. */
function get(url: string, agent?: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

function serve(handle: ConstructorParameters<typeof LoopbackServer>[1]): LoopbackServer {
  const server = new LoopbackServer('test emulator', handle, (err, _req, res) => {
    res.writeHead(500).end(`crashed: ${(err as Error).message}`);
  });
  servers.push(server);
  return server;
}

describe('LoopbackServer', () => {
  it('listens on 127.0.0.1, refuses a second start and starts again after a stop', async () => {
    const server = serve(async (_req, res) => {
      res.end('ok');
    });
    const url = await server.start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(url)).toEqual({ status: 200, body: 'ok' });
    await expect(server.start()).rejects.toThrow('test emulator already started');
    await server.stop();
    await server.stop();
    await expect(get(url)).rejects.toThrow();
    expect((await get(await server.start())).body).toBe('ok');
  });

  it('can start again after a start that failed (port taken)', async () => {
    const holder = serve(async (_req, res) => {
      res.end('holder');
    });
    const taken = Number(new URL(await holder.start()).port);
    const server = serve(async (_req, res) => {
      res.end('ok');
    });
    await expect(server.start(taken)).rejects.toThrow(/EADDRINUSE/);
    expect((await get(await server.start())).body).toBe('ok');
  });

  it('survives a crash handler that throws (no unhandled rejection)', async () => {
    const server = new LoopbackServer(
      'test emulator',
      async () => {
        throw new Error('a bug');
      },
      (_err, _req, res) => {
        res.destroy();
        throw new Error('the crash page failed too');
      },
    );
    servers.push(server);
    const url = await server.start();
    await expect(get(url)).rejects.toThrow();
    // Give a stray rejection time to surface; vitest fails the run on one.
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('answers a handler that throws through the crash handler', async () => {
    const server = serve(async () => {
      throw new Error('a bug');
    });
    expect(await get(await server.start())).toEqual({ status: 500, body: 'crashed: a bug' });
  });

  it('measures the most requests in flight at once, afresh after resetPeak', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const server = serve(async (_req, res) => {
      await gate;
      res.end('ok');
    });
    const url = await server.start();
    const pending = [get(url), get(url), get(url)];
    for (let i = 0; i < 1000 && server.peakInFlight < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.peakInFlight).toBe(3);
    release();
    await Promise.all(pending);
    server.resetPeak();
    expect(server.peakInFlight).toBe(0);
  });

  it('stops without waiting for kept-alive connections', async () => {
    const server = serve(async (_req, res) => {
      res.end('ok');
    });
    const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    try {
      await get(await server.start(), agent);
      const [socket] = Object.values(agent.freeSockets).flat();
      expect(socket).toBeDefined();
      const closed = new Promise<void>((resolve) => socket!.once('close', () => resolve()));
      await server.stop();
      // The kept-alive connection is dropped by the stop itself (no clock: the test's own
      // timeout bounds it).
      await closed;
    } finally {
      agent.destroy();
    }
  });

  it('stops without waiting for a request that never gets an answer', async () => {
    // A handler that never answers: a stop that waited for open connections would never end,
    // and the test's timeout would fail it — no wall-clock assertion needed.
    const server = serve(() => new Promise<void>(() => undefined));
    const url = await server.start();
    const hanging = get(url).catch((err: Error) => err);
    while (server.peakInFlight === 0) await new Promise((r) => setTimeout(r, 5));
    await server.stop();
    expect(await hanging).toBeInstanceOf(Error);
  });
});
