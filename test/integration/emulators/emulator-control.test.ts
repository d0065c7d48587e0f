/**
 * `billsync emulators`' parts in-process: the chosen emulators on loopback with the environment
 * sync.yaml.example reads, and the control API changing billing, injecting faults and reporting
 * state over real HTTP — `POST /control/payment` too: a payment booked in a running billing
 * emulator, as an operator's CI script would between two billsync runs.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTROL_PORT_OFFSET, startEmulatorSet, type EmulatorSet } from '../../../src/demo/emulator-set.js';
import { startControlServer, type ControlServer } from '../../../src/demo/emulator-control.js';

let set: EmulatorSet | undefined;
let control: ControlServer | undefined;
afterEach(async () => {
  await control?.close();
  await set?.close();
  control = set = undefined;
});

const post = async (url: string, body?: unknown) => {
  const res = await fetch(url, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('billsync emulators: set and control API', () => {
  it('starts only the chosen systems and exports what sync.yaml.example reads for them', async () => {
    set = await startEmulatorSet({ systems: ['hydra', 'smarty'], subscribers: 20 });
    expect(Object.keys(set.urls)).toEqual(['hydra', 'smarty']);
    expect(set.lanbilling).toBeUndefined();
    expect(Object.keys(set.env).sort()).toEqual(['HYDRA_LOGIN', 'HYDRA_PASSWORD', 'HYDRA_URL', 'SMARTY_API_KEY', 'SMARTY_URL']);
    expect(set.env.HYDRA_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/v2$/);
  });

  it('plays a billing day, injects faults and reports state', async () => {
    set = await startEmulatorSet({ systems: ['hydra', 'userside', 'smarty'], subscribers: 30 });
    control = await startControlServer(set, 0);

    const before = (await (await fetch(`${control.url}/control/state`)).json()) as { systems: Record<string, { counts: Record<string, number> }> };
    expect(before.systems.hydra!.counts).toEqual({ customers: 30 });
    expect(Object.keys(before.systems)).toEqual(['hydra', 'userside', 'smarty']);

    const day = await post(`${control.url}/control/billing-day`, { systems: ['hydra'] });
    expect(day.status).toBe(200);
    expect((day.body.changes as Record<string, string[]>).hydra).toHaveLength(3);
    expect(set.hydra!.state.customers).toBe(31);
    expect((await post(`${control.url}/control/billing-day`, { systems: ['smarty'] })).status).toBe(400);
    expect((await post(`${control.url}/control/billing-day`, { systems: ['lanbilling'] })).body.error).toContain('not running');

    const fault = await post(`${control.url}/control/fault`, { system: 'smarty', status: 503, count: 2, retryAfter: 1 });
    expect(fault.status).toBe(200);
    const hits = await Promise.all([1, 2, 3].map(async () => (await fetch(`${set!.urls.smarty}/customer/info/`, { method: 'POST' })).status));
    expect(hits.filter((s) => s === 503)).toHaveLength(2);
    expect(set.smarty!.stats().injected).toBe(2);

    const bad = await post(`${control.url}/control/fault`, { system: 'smarty', status: 500, route: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('status, retryAfter, pathPrefix');
    expect((await post(`${control.url}/control/fault`, { system: 'userside', latencyMs: 5 })).status).toBe(200);
    expect((await post(`${control.url}/control/fault`, { system: 'hydra', expireSessions: true })).status).toBe(200);

    expect((await post(`${control.url}/control/reset-stats`)).status).toBe(200);
    expect(set.smarty!.stats().total).toBe(0);
    expect((await fetch(`${control.url}/control/nothing`)).status).toBe(400);
  });

  it('puts the systems and the control API on fixed ports after --port-base', async () => {
    const base = await freeRun(CONTROL_PORT_OFFSET + 1);
    set = await startEmulatorSet({ systems: ['lanbilling', 'smartyard'], subscribers: 5, portBase: base });
    control = await startControlServer(set, base + CONTROL_PORT_OFFSET);
    expect(set.urls.lanbilling).toBe(`http://127.0.0.1:${base + 1}`);
    expect(set.urls.smartyard).toBe(`http://127.0.0.1:${base + 5}`);
    expect(control.url).toBe(`http://127.0.0.1:${base + CONTROL_PORT_OFFSET}`);
  });
});

/** A base port with `n` free ports from it (checked a moment ago; retried on a race). */
async function freeRun(n: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Below the ephemeral range (32768+), where other tests' client sockets could take a port meanwhile.
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(Array.from({ length: n }, (_, i) => isFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no run of free ports found');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

describe('POST /control/payment', () => {
  it('books a payment on a LANBilling entry’s agreement or a Hydra customer, and refuses what it cannot book', async () => {
    set = await startEmulatorSet({ systems: ['lanbilling', 'hydra'], subscribers: 10 });
    control = await startControlServer(set, 0, () => new Date('2025-03-01T09:00:00Z'));
    const entry = set.lanbilling!.state.all().find((v) => v.agrmid > 0)!;

    const lb = await post(`${control.url}/control/payment`, { system: 'lanbilling', vgid: entry.vgid, amount: 500, comment: 'Касса' });
    expect(lb.status).toBe(200);
    expect(lb.body).toMatchObject({ ok: true, system: 'lanbilling', agrmid: entry.agrmid });
    const booked = set.lanbilling!.state.payments().find((p) => p.recordid === lb.body.recordid)!;
    expect([booked.agrmid, booked.amount, booked.comment, booked.paydate]).toEqual([entry.agrmid, 500, 'Касса', Date.parse('2025-03-01T09:00:00Z')]);

    const customer = set.hydra!.state.all()[0]!.id;
    const hy = await post(`${control.url}/control/payment`, { system: 'hydra', customer, amount: 250 });
    expect(hy.status).toBe(200);
    expect(typeof hy.body.docId).toBe('number');

    expect((await post(`${control.url}/control/payment`, { system: 'lanbilling', vgid: entry.vgid })).body.error).toContain('amount');
    expect((await post(`${control.url}/control/payment`, { system: 'lanbilling', agrmid: 1, amount: 1 })).body.error).toContain('no agreement 1');
    expect((await post(`${control.url}/control/payment`, { system: 'smarty', amount: 1 })).status).toBe(400);
  });
});
