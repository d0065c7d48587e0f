/**
 * `billsync sync` / `approve` asking a daemon: nothing listening is an answer ("unreachable": the
 * caller may go on locally); a daemon that takes the connection and never answers is a
 * DaemonUnreachableError — the user's to fix, never reported as a bug.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postApprove, postTrigger } from '../../../src/daemon/client.js';
import { BillsyncError, DaemonUnreachableError } from '../../../src/model/errors.js';

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A port that took a connection and was closed again: nothing listens there now. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A server that accepts connections and never says a word. */
async function silentDaemon(): Promise<string> {
  server = createServer((socket) => sockets.push(socket.on('error', () => undefined)));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('daemon client', () => {
  it('says "unreachable" when nothing listens, so the caller can go on locally', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    expect(await postTrigger(url, undefined, 'hydra', '1', { timeoutMs: 5_000 })).toEqual({ kind: 'unreachable', reason: 'ECONNREFUSED' });
  });

  it('throws DaemonUnreachableError, a user error with a fix, when the daemon does not answer', async () => {
    const url = await silentDaemon();
    const err = await postApprove(url, undefined, 'tv', undefined, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DaemonUnreachableError);
    expect(err).toBeInstanceOf(BillsyncError);
    expect(err).toMatchObject({ code: 'DAEMON_UNREACHABLE', url });
    expect((err as DaemonUnreachableError).message).toMatch(new RegExp(`^no daemon answers at ${url} \\(it did not answer: `));
    expect((err as DaemonUnreachableError).fix).toContain('--local');
  });
});
