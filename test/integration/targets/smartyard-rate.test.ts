/**
 * The configured rate holds HTTP requests to the SmartYard server, not only ops: most SmartYard
 * ops make two requests (a rights_list/ before each rights_add/), so an op-level limit alone
 * would let twice the configured requests per second through.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmartyardEmulator, type SmartyardEmulator } from '../../../src/emulators/smartyard/index.js';
import { smartyardTargetFactory } from '../../../src/targets/smartyard/index.js';
import type { Target } from '../../../src/targets/target.js';
import { silentLogger } from '../../../src/util/logger.js';
import { onRateLimitWait } from '../../../src/util/rate-limit.js';
import { create, Ids, member, rights } from './smartyard-support.js';

let emu: SmartyardEmulator;
let url: string;
let target: Target | undefined;
let waits: string[];
let stopListening: () => void;

beforeEach(async () => {
  emu = createSmartyardEmulator();
  url = await emu.start();
  waits = [];
  stopListening = onRateLimitWait((label) => waits.push(label));
});

afterEach(async () => {
  stopListening();
  await target?.close();
  target = undefined;
  await emu.stop();
});

/** Gives contracts 1..n one device each: n rights_list/ plus n rights_add/ requests. */
async function grant(t: Target, n: number): Promise<void> {
  const id = emu.state.addDevice({ device_type: 1, title: 'cam' }).device_id;
  const ids = new Ids().set('device', 'cam', id);
  await Promise.all(Array.from({ length: n }, (_, i) => t.execute(member('add_member', i + 1, 'cam'), ids)));
}

describe('SmartYard request rate', () => {
  it('holds every request to targets.<name>.rate', async () => {
    target = smartyardTargetFactory.create('yard', { url }, { logger: silentLogger(), rate: { requests: 3, perSeconds: 1, concurrency: 8 } });
    await grant(target, 3);
    // Three ops, six requests: the third op's requests had to wait for the next window.
    expect(emu.stats().total).toBe(6);
    expect(waits).toContain('target-requests:yard');
    expect([...emu.state.rights.keys()].sort()).toEqual([1, 2, 3]);
  });

  it('leaves requests alone without a configured rate', async () => {
    target = smartyardTargetFactory.create('yard', { url }, { logger: silentLogger() });
    await grant(target, 3);
    expect(emu.stats().total).toBe(6);
    expect(waits).not.toContain('target-requests:yard');
  });

  it('still answers rights creates (one read each) under the rate', async () => {
    target = smartyardTargetFactory.create('yard', { url }, { logger: silentLogger(), rate: { requests: 2, perSeconds: 1 } });
    const results = await Promise.all([7, 8, 9].map((uid) => target!.execute(create(rights(uid, [])), new Ids())));
    expect(results.map((r) => r.remoteId)).toEqual(['7', '8', '9']);
    expect(waits).toContain('target-requests:yard');
  });
});
