/**
 * The control API's `POST /control/payment`: a payment booked in a running billing emulator
 * over HTTP, as an operator's CI script would between two billsync runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulatorSet, type EmulatorSet } from '../../../src/demo/emulator-set.js';
import { startControlServer, type ControlServer } from '../../../src/demo/emulator-control.js';

let set: EmulatorSet | undefined;
let control: ControlServer | undefined;
afterEach(async () => {
  await control?.close();
  await set?.close();
  control = set = undefined;
});

const post = async (url: string, body: unknown) => {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

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
