/**
 * The control API of `billsync emulators`, on its own loopback port: what an operator's CI
 * script calls between two billsync runs to change billing, make a system fail, or read what
 * the emulators hold and saw. JSON in, JSON out.
 *
 *   GET  /control                 this list
 *   GET  /control/state           per system: URL, record counts, request counters
 *   POST /control/billing-day     play the demo's billing changes in each running billing
 *                                 emulator ({"systems": ["hydra"]} to pick); answers what changed
 *   POST /control/fault           {"system": "smarty", "status": 503, "count": 3, …}: the next
 *                                 `count` matching requests fail; {"system": …, "clear": true}
 *                                 drops pending faults where the emulator can;
 *                                 {"system": …, "latencyMs": 200} where it has a latency switch;
 *                                 {"system": "hydra", "expireSessions": true} logs clients out
 *   POST /control/payment         book a payment in a billing emulator, to watch it reach a
 *                                 target's transactions: {"system": "lanbilling", "vgid": …}
 *                                 (the entry's agreement; or "agrmid") or {"system": "hydra",
 *                                 "customer": …}, with "amount" and optional "comment";
 *                                 answers the payment's id
 *   POST /control/reset-stats     zero every emulator's request counters
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorSet, SystemName } from './emulator-set.js';
import { SYSTEMS } from './emulator-set.js';
import { playBillingChanges } from './billing-changes.js';
import { playLanbillingChanges } from './lanbilling-changes.js';
import { playUsersideChanges } from './userside-changes.js';

/** Per system, the fault fields its `failNext` understands (see each emulator's server.ts). */
export const FAULT_FIELDS: Readonly<Record<SystemName, readonly string[]>> = {
  hydra: ['status', 'retryAfter', 'pathPrefix', 'delayMs'],
  lanbilling: ['status', 'retryAfter', 'pathPrefix', 'delayMs'],
  userside: ['status', 'request', 'errorText', 'body', 'retryAfter', 'delayMs'],
  smarty: ['status', 'retryAfter', 'pathPrefix'],
  smotreshka: ['status', 'retryAfter', 'pathPrefix'],
  smartyard: ['status', 'route', 'body', 'afterApply'],
};

const BILLING: readonly SystemName[] = ['hydra', 'lanbilling', 'userside'];
const MAX_BODY = 64 * 1024;

class BadRequest extends Error {}

export interface ControlServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startControlServer(set: EmulatorSet, port: number, now: () => Date = () => new Date()): Promise<ControlServer> {
  const server = createServer((req, res) => {
    handle(set, req, now).then(
      (body) => send(res, 200, body),
      (err: unknown) => send(res, err instanceof BadRequest ? 400 : 500, { error: err instanceof Error ? err.message : String(err) }),
    );
  });
  await listen(server, port);
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function handle(set: EmulatorSet, req: IncomingMessage, now: () => Date): Promise<unknown> {
  const path = new URL(req.url ?? '/', 'http://control').pathname.replace(/\/+$/, '');
  const route = `${req.method ?? 'GET'} ${path}`;
  switch (route) {
    case 'GET /control':
      return { endpoints: ['GET /control/state', 'POST /control/billing-day', 'POST /control/fault', 'POST /control/payment', 'POST /control/reset-stats'], systems: Object.keys(set.urls) };
    case 'GET /control/state':
      return state(set);
    case 'POST /control/billing-day':
      return billingDay(set, await jsonBody(req), now());
    case 'POST /control/fault':
      return fault(set, await jsonBody(req));
    case 'POST /control/payment':
      return payment(set, await jsonBody(req), now());
    case 'POST /control/reset-stats':
      for (const name of SYSTEMS) set.byType[name]?.resetStats();
      return { ok: true };
    default:
      throw new BadRequest(`no route ${route}; GET /control lists them`);
  }
}

function state(set: EmulatorSet): unknown {
  const counts: Partial<Record<SystemName, Record<string, number>>> = {
    ...(set.hydra ? { hydra: { customers: set.hydra.state.customers } } : {}),
    ...(set.lanbilling ? { lanbilling: { vgroups: set.lanbilling.state.size, accounts: set.lanbilling.state.data.accounts.size } } : {}),
    ...(set.userside ? { userside: { customers: set.userside.state.size } } : {}),
    ...(set.smarty ? { smarty: { customers: set.smarty.state.customers.size, accounts: set.smarty.state.accounts.size } } : {}),
    ...(set.smotreshka ? { smotreshka: { accounts: set.smotreshka.state.accounts.size } } : {}),
    ...(set.smartyard ? { smartyard: { devices: set.smartyard.state.devices.size, doors: set.smartyard.state.doors.size, rights: set.smartyard.state.rights.size } } : {}),
  };
  const systems: Record<string, unknown> = {};
  for (const name of SYSTEMS) {
    const e = set.byType[name];
    if (e) systems[name] = { url: set.urls[name], counts: counts[name], stats: e.stats() };
  }
  return { systems };
}

function billingDay(set: EmulatorSet, body: Record<string, unknown>, at: Date): unknown {
  const asked = body.systems === undefined ? BILLING.filter((s) => set.byType[s]) : systemList(body.systems);
  const changes: Record<string, readonly string[]> = {};
  for (const name of asked) {
    if (!BILLING.includes(name)) throw new BadRequest(`${name} is not a billing system; billing-day plays changes in ${BILLING.join(', ')}`);
    if (name === 'hydra' && set.hydra) changes.hydra = playBillingChanges(set.hydra, at).lines;
    else if (name === 'lanbilling' && set.lanbilling) changes.lanbilling = playLanbillingChanges(set.lanbilling, at).lines;
    else if (name === 'userside' && set.userside) changes.userside = playUsersideChanges(set.userside).lines;
    else throw new BadRequest(`${name} is not running (started: ${Object.keys(set.urls).join(', ')})`);
  }
  return { changes };
}

function fault(set: EmulatorSet, body: Record<string, unknown>): unknown {
  const [name] = systemList([body.system]);
  const e = set.byType[name!];
  if (!name || !e) throw new BadRequest(`${String(body.system)} is not running (started: ${Object.keys(set.urls).join(', ')})`);
  if (body.clear === true) {
    if (!('clearFaults' in e)) throw new BadRequest(`the ${name} emulator cannot clear pending faults; they are used up by the next requests`);
    e.clearFaults();
    return { ok: true };
  }
  if (body.expireSessions === true) {
    if ('expireTokens' in e) e.expireTokens();
    else if ('expireSessions' in e) e.expireSessions();
    else throw new BadRequest(`the ${name} emulator has no sessions to expire`);
    return { ok: true };
  }
  if (body.latencyMs !== undefined) {
    if (!('setLatency' in e)) throw new BadRequest(`the ${name} emulator has no latency switch (userside and smartyard have)`);
    e.setLatency(nonNegative(body.latencyMs, 'latencyMs'));
    return { ok: true };
  }
  const count = body.count === undefined ? 1 : nonNegative(body.count, 'count');
  const spec: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'system' || k === 'count') continue;
    const fields = FAULT_FIELDS[name] ?? [];
    if (!fields.includes(k)) throw new BadRequest(`the ${name} emulator's faults take ${fields.join(', ')} (and count); not '${k}'`);
    spec[k] = v;
  }
  if (typeof spec.status !== 'number' || !Number.isInteger(spec.status)) throw new BadRequest('status must be an HTTP status code (0 drops the connection where the emulator supports it)');
  // Each emulator's own rule type; the fields were checked against FAULT_FIELDS above.
  (e.failNext as (n: number, rule: never) => void)(count, spec as never);
  return { ok: true, system: name, count, rule: spec };
}

/** Books a payment as the billing's cashier would: LANBilling on an agreement, Hydra on a customer. */
function payment(set: EmulatorSet, body: Record<string, unknown>, at: Date): unknown {
  const amount = body.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount === 0) throw new BadRequest('amount must be a non-zero number, e.g. 500');
  const comment = typeof body.comment === 'string' ? body.comment : undefined;
  try {
    if (body.system === 'lanbilling' && set.lanbilling) {
      const state = set.lanbilling.state;
      const agrmid = body.agrmid !== undefined ? nonNegative(body.agrmid, 'agrmid') : state.get(nonNegative(body.vgid, 'vgid'))?.agrmid;
      if (!agrmid) throw new BadRequest(`lanbilling has no entry ${String(body.vgid)} with an agreement; give "vgid" of a listed entry or "agrmid"`);
      return { ok: true, system: 'lanbilling', agrmid, recordid: state.addPayment(agrmid, amount, at, comment) };
    }
    if (body.system === 'hydra' && set.hydra) {
      const customer = nonNegative(body.customer, 'customer');
      return { ok: true, system: 'hydra', customer, docId: set.hydra.state.addPayment(customer, amount, at, comment) };
    }
  } catch (err) {
    // The emulators name what they do not know ("no agreement 7"): the caller's mistake.
    if (err instanceof BadRequest) throw err;
    throw new BadRequest(err instanceof Error ? err.message : String(err));
  }
  throw new BadRequest(`payments go to a running lanbilling or hydra emulator (started: ${Object.keys(set.urls).join(', ')})`);
}

function systemList(value: unknown): SystemName[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (typeof v !== 'string' || !(SYSTEMS as readonly string[]).includes(v)) throw new BadRequest(`unknown system ${JSON.stringify(v)}; one of ${SYSTEMS.join(', ')}`);
    return v as SystemName;
  });
}

function nonNegative(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new BadRequest(`${name} must be a whole number ≥ 0`);
  return v;
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > MAX_BODY) throw new BadRequest('body too large');
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequest('the body must be JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BadRequest('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body, null, 2) + '\n');
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
