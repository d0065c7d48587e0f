import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT_INTERNET, AGENT_TV, createLanbillingEmulator, generateLanbillingData, OPEN_END, type LanbillingEmulator,
} from '../../../src/emulators/lanbilling/index.js';
import { buildSoapRequest, parseSoapAnswer, retList, textOf, type XmlArgs, type XmlNode } from '../../../src/sources/lanbilling/soap.js';

const NOW = new Date('2025-03-01T09:00:00Z');
const ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

interface Reply {
  readonly status: number;
  readonly setCookie: string | null;
  readonly text: string;
}

async function post(url: string, body: string, cookie?: string): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' };
  if (cookie !== undefined) headers.cookie = cookie;
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, setCookie: res.headers.get('set-cookie'), text: await res.text() };
}

async function call(url: string, op: string, args: XmlArgs, cookie?: string): Promise<{ status: number; body?: XmlNode; fault?: string }> {
  const r = await post(url, buildSoapRequest(op, args), cookie);
  const a = parseSoapAnswer(r.text, op);
  if (a.kind === 'fault') return { status: r.status, fault: `${a.fault.faultstring}: ${a.fault.detail}` };
  if (a.kind === 'response') return { status: r.status, body: a.body };
  throw new Error(`${op}: ${a.reason} (${r.status} ${r.text.slice(0, 200)})`);
}

async function login(url: string, l = 'op', pass = 'secret'): Promise<string> {
  const r = await post(url, buildSoapRequest('Login', { login: l, pass }));
  expect(r.status).toBe(200);
  const m = /^sessnum=([0-9a-f]+);/.exec(r.setCookie ?? '');
  expect(m).not.toBeNull();
  return `sessnum=${m![1]}`;
}

const ids = (body: XmlNode | undefined): number[] => retList(body ?? {}).map((v) => Number(textOf(v.vgid)));

describe('generateLanbillingData', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const json = (seed: number): string => {
      const d = generateLanbillingData(300, seed, { now: NOW });
      return JSON.stringify([d.vgroups, [...d.accounts.values()]]);
    };
    expect(json(11)).toBe(json(11));
    expect(json(11)).not.toBe(json(12));
  });

  it('mixes in the cases a reader must handle', () => {
    const d = generateLanbillingData(3000, 5, { now: NOW });
    const vg = d.vgroups;
    const now = d.now;
    expect(vg.map((v) => v.vgid)).toEqual(Array.from({ length: 3000 }, (_, i) => 10_001 + i));
    const blocked = new Set(vg.map((v) => v.blocked));
    for (const code of [0, 1, 2, 3, 4, 5, 10]) expect(blocked.has(code)).toBe(true);
    expect(vg.filter((v) => v.blocked === 0).length / 3000).toBeGreaterThan(0.7);
    expect(vg.some((v) => v.template && v.uid === 0)).toBe(true);
    expect(vg.some((v) => v.archive)).toBe(true);
    expect(vg.some((v) => v.login === '' && !v.template)).toBe(true);
    expect(new Set(vg.map((v) => v.agentId))).toEqual(new Set([AGENT_INTERNET, AGENT_TV]));
    const perUser = new Map<number, number>();
    for (const v of vg) if (v.uid) perUser.set(v.uid, (perUser.get(v.uid) ?? 0) + 1);
    expect([...perUser.values()].some((n) => n > 1)).toBe(true);
    const accounts = [...d.accounts.values()];
    expect(accounts.some((a) => a.email && a.emailConfirmed) && accounts.some((a) => a.email && !a.emailConfirmed)).toBe(true);
    expect(accounts.some((a) => a.type === 1) && accounts.every((a) => a.type === 1 || /^[А-ЯЁ]/.test(a.name))).toBe(true);
    const services = vg.flatMap((v) => v.services);
    expect(services.some((s) => s.timeto === null)).toBe(true);
    expect(services.some((s) => s.timefrom > now)).toBe(true);
    expect(services.some((s) => s.timeto !== null && s.timeto <= now)).toBe(true);
    expect(services.some((s) => s.timeto !== null && s.timeto > now)).toBe(true);
    for (const state of [0, 2, 3]) expect(services.some((s) => s.state === state)).toBe(true);
    const uuidOf = (id: number): string => d.catalogServices.find((c) => c.id === id)!.uuid;
    expect(services.some((s) => uuidOf(s.servicecatid) !== '') && services.some((s) => uuidOf(s.servicecatid) === '')).toBe(true);
  });

  // How fast is bench/'s business; the timeout only keeps a hang from lasting forever.
  it('generates 100,000 vgroups', () => {
    const d = generateLanbillingData(100_000, 99, { now: NOW });
    expect(d.vgroups).toHaveLength(100_000);
  }, 60_000);
});

describe('lanbilling emulator switches for servers that read the API differently', () => {
  const started: LanbillingEmulator[] = [];
  afterAll(async () => {
    for (const e of started) await e.stop();
  });
  async function server(opts: Parameters<typeof createLanbillingEmulator>[0]): Promise<{ emu: LanbillingEmulator; url: string; cookie: string }> {
    const e = createLanbillingEmulator({ login: 'op', password: 'secret', vgroups: 200, seed: 3, generate: { now: NOW }, ...opts });
    started.push(e);
    const u = await e.start();
    return { emu: e, url: u, cookie: await login(u) };
  }
  const count = async (u: string, c: string, archive: number) =>
    Number(textOf((await call(u, 'Count', { flt: { agentid: AGENT_TV, archive }, procname: 'getVgroups' }, c)).body?.ret));

  it('ignoresArchiveFilter: archived entries come back from getVgroups and Count despite archive 0', async () => {
    const { emu: e, url: u, cookie: c } = await server({ ignoresArchiveFilter: true });
    const all = e.state.all().filter((v) => v.agentId === AGENT_TV);
    expect(all.some((v) => v.archive)).toBe(true);
    expect(ids((await call(u, 'getVgroups', { flt: { agentid: AGENT_TV, archive: 0 } }, c)).body)).toEqual(all.map((v) => v.vgid));
    expect(ids((await call(u, 'getVgroups', { flt: { agentid: AGENT_TV, archive: 1 } }, c)).body)).toEqual(all.map((v) => v.vgid));
    expect(await count(u, c, 0)).toBe(all.length);
  });

  it('countIncludesArchived: Count counts archived entries the list hides', async () => {
    const { emu: e, url: u, cookie: c } = await server({ countIncludesArchived: true });
    const all = e.state.all().filter((v) => v.agentId === AGENT_TV);
    expect(ids((await call(u, 'getVgroups', { flt: { agentid: AGENT_TV, archive: 0 } }, c)).body)).toEqual(all.filter((v) => !v.archive).map((v) => v.vgid));
    expect(await count(u, c, 0)).toBe(all.length);
  });

  it('ignoresOrder: pages by login whatever ord[] asks', async () => {
    const { emu: e, url: u, cookie: c } = await server({ ignoresOrder: true });
    const live = e.state.all().filter((v) => v.agentId === AGENT_TV && !v.archive);
    const byLogin = [...live].sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : a.vgid - b.vgid)).map((v) => v.vgid);
    const got = ids((await call(u, 'getVgroups', { flt: { agentid: AGENT_TV, archive: 0 }, ord: { name: 'vgid', ascdesc: 0 } }, c)).body);
    expect(got).toEqual(byLogin);
    expect(got).not.toEqual(live.map((v) => v.vgid));
  });
});

describe('lanbilling emulator over HTTP', () => {
  let emu: LanbillingEmulator;
  let url: string;
  let cookie: string;

  beforeAll(async () => {
    emu = createLanbillingEmulator({ login: 'op', password: 'secret', vgroups: 300, seed: 3, generate: { now: NOW } });
    url = await emu.start();
    cookie = await login(url);
  });
  afterAll(() => emu.stop());

  it('answers Login with a sessnum cookie and an api3 LoginResponse, and faults on bad credentials', async () => {
    const ok = await post(url, buildSoapRequest('Login', { login: 'op', pass: 'secret' }));
    expect(ok.text).toContain(`xmlns:SOAP-ENV="${ENV_NS}"`);
    expect(ok.text).toMatch(/<ns1:LoginResponse><ret><manager>/);
    expect(ok.text).toContain('xmlns:ns1="urn:api3"');
    const bad = await call(url, 'Login', { login: 'op', pass: 'nope' });
    expect(bad).toEqual({ status: 500, fault: 'error_auth: Incorrect login or password' });
  });

  it('faults on a missing, unknown or expired session, and after Logout', async () => {
    expect(await call(url, 'getAgents', {})).toEqual({ status: 500, fault: 'error_auth: Client not authorized' });
    expect((await call(url, 'getAgents', {}, 'sessnum=deadbeef')).fault).toMatch(/Client not authorized/);
    const mine = await login(url);
    expect((await call(url, 'getAgents', {}, `other=1; ${mine}`)).status).toBe(200);
    expect((await call(url, 'Logout', {}, mine)).status).toBe(200);
    expect((await call(url, 'getAgents', {}, mine)).fault).toMatch(/Client not authorized/);
    emu.expireSessions();
    expect((await call(url, 'getAgents', {}, cookie)).fault).toMatch(/Client not authorized/);
    cookie = await login(url);
  });

  it('faults on requests that are not api3 SOAP', async () => {
    const wrongNs = buildSoapRequest('getAgents', {}).replace('urn:api3', 'urn:api2');
    expect((await post(url, wrongNs, cookie)).text).toMatch(/<faultcode>SOAP-ENV:Client<\/faultcode>.*not implemented/);
    expect((await call(url, 'getNothing', {}, cookie)).fault).toMatch(/Method 'ns1:getNothing' not implemented/);
    const notSoap = await post(url, '<hello/>', cookie);
    expect(notSoap.status).toBe(500);
    expect(notSoap.text).toContain('no SOAP Envelope');
    const dtd = await post(url, `<!DOCTYPE x [<!ENTITY e "e">]>${buildSoapRequest('getAgents', {})}`, cookie);
    expect(dtd.text).toContain('DTD is not allowed');
    expect((await fetch(url)).status).toBe(500);
  });

  it('pages getVgroups with flt.pgnum/pgsize in vgid order, agrees with Count, and filters by archive', async () => {
    const all = emu.state.all().filter((v) => v.agentId === AGENT_TV);
    const live = all.filter((v) => !v.archive).map((v) => v.vgid);
    const count = await call(url, 'Count', { flt: { agentid: AGENT_TV, archive: 0 }, procname: 'getVgroups' }, cookie);
    expect(Number(textOf(count.body?.ret))).toBe(live.length);
    const paged: number[] = [];
    for (let pgnum = 1; pgnum <= Math.ceil(live.length / 25) + 1; pgnum++) {
      paged.push(...ids((await call(url, 'getVgroups', { flt: { agentid: AGENT_TV, archive: 0, pgnum, pgsize: 25 } }, cookie)).body));
    }
    expect(paged).toEqual(live);
    expect(ids((await call(url, 'getVgroups', { flt: { agentid: AGENT_TV } }, cookie)).body)).toEqual(live);
    expect(ids((await call(url, 'getVgroups', { flt: { agentid: AGENT_TV, archive: 1 } }, cookie)).body)).toEqual(all.filter((v) => v.archive).map((v) => v.vgid));
    const beyond = await post(url, buildSoapRequest('getVgroups', { flt: { agentid: AGENT_TV, pgnum: 999, pgsize: 25 } }), cookie);
    expect(beyond.text).toContain('<ns1:getVgroupsResponse></ns1:getVgroupsResponse>');
  });

  it('renders entries, users, services and catalogs with the WSDL field names', async () => {
    const v = emu.state.all().find((x) => !x.template && x.services.some((s) => s.timeto === null))!;
    const [brief] = retList((await call(url, 'getVgroups', { flt: { vgid: v.vgid, archive: v.archive ? 1 : 0 } }, cookie)).body!);
    expect(brief).toMatchObject({ vgid: String(v.vgid), uid: String(v.uid), login: v.login, id: String(v.agentId), blocked: String(v.blocked), templ: '0' });
    // soapVgroupBrief has no archive element in any public WSDL build.
    expect(brief).not.toHaveProperty('archive');
    const [account] = retList((await call(url, 'getAccount', { id: v.uid }, cookie)).body!);
    const a = emu.state.account(v.uid)!;
    // xsd:boolean fields come as gSOAP writes them: true/false.
    expect(account?.account).toMatchObject({ uid: String(a.uid), name: a.name, email: a.email, emailisconfirmed: String(a.emailConfirmed), mobileisconfirmed: String(a.mobileConfirmed) });
    const confirmed = [...emu.state.data.accounts.values()].map((x) => x.emailConfirmed);
    expect(confirmed.includes(true) && confirmed.includes(false)).toBe(true);
    expect((await call(url, 'getAccount', { id: 1 }, cookie)).fault).toBe('error_getAccount: Account not found');
    const services = retList((await call(url, 'getUsboxServices', { flt: { vgid: v.vgid } }, cookie)).body!);
    expect(services).toHaveLength(v.services.length);
    const open = services.find((s) => textOf((s.service as XmlNode).timeto) === OPEN_END)!;
    expect(open).toMatchObject({ vglogin: v.login, uid: String(v.uid), service: { vgid: String(v.vgid), state: expect.any(String) as unknown } });
    expect(Number(textOf(open.servicecatid))).toBeGreaterThan(0);
    const catalogs = retList((await call(url, 'getCatalogs', {}, cookie)).body!).map((c) => [textOf(c.catid), textOf(c.cattype)]);
    expect(catalogs).toEqual([['1', '1'], ['2', '4'], ['3', '4']]);
    const page = retList((await call(url, 'getCatalogServices', { flt: { catid: 2, pgnum: 2, pgsize: 3 } }, cookie)).body!)[0]!;
    expect(textOf(page.total)).toBe('8');
    expect(retList({ ret: page.data }).map((s) => textOf(s.zoneid))).toEqual(['211', '212', '213']);
  });

  it('answers getVgroup with the full soapVgroup, archive flag included, for live and archived entries', async () => {
    const live = emu.state.all().find((x) => !x.template && !x.archive && x.address !== '')!;
    const archived = emu.state.all().find((x) => x.archive)!;
    const [full] = retList((await call(url, 'getVgroup', { id: live.vgid }, cookie)).body!);
    const a = emu.state.account(live.uid)!;
    expect(full).toMatchObject({
      vgroup: { vgid: String(live.vgid), id: String(live.agentId), uid: String(live.uid), blocked: String(live.blocked), templ: '0', archive: '0', login: live.login },
      agrmnum: a.agreements.find((g) => g.agrmid === live.agrmid)!.number,
      username: a.name,
      tarname: expect.any(String) as unknown,
      addresses: [{ type: '0', address: live.address }],
    });
    const [gone] = retList((await call(url, 'getVgroup', { id: archived.vgid }, cookie)).body!);
    expect((gone?.vgroup as XmlNode).archive).toBe('1');
    expect((await call(url, 'getVgroup', { id: 1 }, cookie)).fault).toBe('error_getVgroup: Vgroup not found');
  });

  it('orders getVgroups by ord[] vgid, ascending for ascdesc 0 and descending for 1', async () => {
    const live = emu.state.all().filter((v) => v.agentId === AGENT_TV && !v.archive).map((v) => v.vgid);
    const page = async (ascdesc: number) => ids((await call(url, 'getVgroups', { flt: { agentid: AGENT_TV, archive: 0, pgnum: 1, pgsize: 5 }, ord: { name: 'vgid', ascdesc } }, cookie)).body);
    expect(await page(0)).toEqual(live.slice(0, 5));
    expect(await page(1)).toEqual(live.slice(-5).reverse());
  });

  it('shortens the next list answers on request, dropping the last or the first entry', async () => {
    const live = emu.state.all().filter((v) => v.agentId === AGENT_TV && !v.archive).map((v) => v.vgid);
    const flt = { agentid: AGENT_TV, archive: 0, pgnum: 1, pgsize: 5 };
    emu.shortenNext(1);
    emu.shortenNext(1, { drop: 'first' });
    expect(ids((await call(url, 'getVgroups', { flt }, cookie)).body)).toEqual(live.slice(0, 4));
    expect(ids((await call(url, 'getVgroups', { flt }, cookie)).body)).toEqual(live.slice(1, 5));
    expect(ids((await call(url, 'getVgroups', { flt }, cookie)).body)).toEqual(live.slice(0, 5));
  });

  it('injects faults by operation: a SOAP Fault for 500, a plain page otherwise', async () => {
    emu.resetStats();
    emu.failNext(1, { status: 500, pathPrefix: 'getAgents' });
    emu.failNext(1, { status: 503 });
    expect((await call(url, 'getAgents', {}, cookie)).fault).toBe('error_internal: injected fault 500');
    const proxy = await post(url, buildSoapRequest('getCatalogs', {}), cookie);
    expect([proxy.status, proxy.text]).toEqual([503, 'injected fault 503']);
    expect((await call(url, 'getCatalogs', {}, cookie)).status).toBe(200);
    expect(emu.stats()).toMatchObject({ injected: 2, byOperation: { getAgents: 1, getCatalogs: 2 } });
  });

  it('shows mutations over the wire: block, switch a service, add and remove an entry', async () => {
    const v = emu.state.all().find((x) => !x.template && !x.archive && x.agentId === AGENT_TV)!;
    emu.state.block(v.vgid, 3);
    const [brief] = retList((await call(url, 'getVgroups', { flt: { vgid: v.vgid } }, cookie)).body!);
    expect(textOf(brief?.blocked)).toBe('3');

    const added = emu.state.addVgroup({ agentId: AGENT_TV, login: 'new-tv', blocked: 0, services: [201], at: NOW });
    emu.state.switchService(added, 201, 203, new Date(NOW.getTime() + 60_000));
    const svc = retList((await call(url, 'getUsboxServices', { flt: { vgid: added } }, cookie)).body!);
    expect(svc.map((s) => [textOf(s.servicecatid), textOf(s.uuid), textOf((s.service as XmlNode).timeto)])).toEqual([
      ['201', '5f1a0c3e9b1d4a0012c0ffee', '2025-03-01 12:01:00'],
      ['203', '5f1a0c3e9b1d4a0012c0ff02', OPEN_END],
    ]);
    expect(ids((await call(url, 'getVgroups', { flt: { login: 'new-tv' } }, cookie)).body)).toEqual([added]);

    expect(emu.state.removeVgroup(added)).toBe(true);
    expect(ids((await call(url, 'getVgroups', { flt: { vgid: added } }, cookie)).body)).toEqual([]);
    expect(ids((await call(url, 'getVgroups', { flt: { vgid: added, archive: 1 } }, cookie)).body)).toEqual([added]);
    expect(emu.state.removeVgroup(added, { archive: false })).toBe(true);
    expect(emu.state.get(added)).toBeUndefined();
  });
});
