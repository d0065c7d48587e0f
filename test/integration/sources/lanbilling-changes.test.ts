/**
 * LanbillingSource.changedSince against the emulator: one paged listing of every service finds
 * the entries whose services were assigned, switched or stopped in the window, and nothing a
 * service date does not show (a block) nor anything before the window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCKED, createLanbillingEmulator, type LanbillingEmulator } from '../../../src/emulators/lanbilling/index.js';
import { lanbillingSourceFactory } from '../../../src/sources/lanbilling/index.js';
import type { Source } from '../../../src/sources/source.js';
import { silentLogger } from '../../../src/util/logger.js';

const GENERATED_AT = new Date('2025-03-01T09:00:00Z');
const CREDS = { login: 'manager', password: 'secret' };
const PER_PAGE = 50;
const CINEMA = 211;

let emu: LanbillingEmulator;
let src: Source;
/** The source's clock: an hour after the data was generated. */
let now = new Date(GENERATED_AT.getTime() + 3_600_000);

beforeAll(async () => {
  emu = createLanbillingEmulator({ ...CREDS, vgroups: 300, seed: 11, generate: { now: GENERATED_AT } });
  const url = await emu.start();
  src = lanbillingSourceFactory.create('lb', { url, ...CREDS, agents: [1, 2], per_page: PER_PAGE, retry_base_ms: 5 }, { logger: silentLogger(), now: () => now });
});
afterAll(async () => {
  await src.close();
  await emu.stop();
});

describe('lanbilling changedSince', () => {
  it('lists the entries whose services changed in the window, at one request per page of services', async () => {
    const live = emu.state.all().filter((v) => !v.template && !v.archive && v.services.length > 0);
    const [added, stopped, blocked] = live.filter((v) => !v.services.some((s) => s.servicecatid === CINEMA));
    const running = stopped!.services.find((s) => s.timeto === null && s.timefrom <= now.getTime())!;
    const since = new Date(now.getTime() - 60_000);
    const at = new Date(now.getTime() - 30_000);
    emu.state.switchService(added!.vgid, null, CINEMA, at);
    emu.state.switchService(stopped!.vgid, running.servicecatid, null, at);
    emu.state.block(blocked!.vgid, BLOCKED.manager);
    emu.resetStats();

    const changes = await src.changedSince!(since);
    expect(changes.ids).toEqual([added!.vgid, stopped!.vgid].sort((a, b) => a - b).map(String));
    const services = emu.state.all().reduce((n, v) => n + v.services.length, 0);
    const pages = Math.floor(services / PER_PAGE) + 1;
    expect(changes.requests).toBe(pages);
    expect(emu.stats().byOperation.getUsboxServices).toBe(pages);
    expect(emu.stats().byOperation.getVgroups ?? 0).toBe(0);

    // A later window holds none of it.
    now = new Date(now.getTime() + 60_000);
    expect((await src.changedSince!(new Date(now.getTime() - 10_000))).ids).toEqual([]);
  });
});
