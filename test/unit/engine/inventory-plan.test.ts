/**
 * A plan for a SmartYard target from the example config: the inventory's devices and doors join
 * the desired state (no origin), rights follow the access mapping, ops wait for what they point
 * at, notices are carried, and no report shows an inventory credential.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { loadConfig } from '../../../src/config/index.js';
import { openRuntime, type Runtime } from '../../../src/engine/runtime.js';
import { makePlan } from '../../../src/engine/make-plan.js';
import { desiredState, inventoryEntities } from '../../../src/engine/desired.js';
import { buildPlan } from '../../../src/plan/plan.js';
import { ACCESS_NOTICES } from '../../../src/mapping/access.js';
import type { Plan } from '../../../src/model/plan.js';
import type { Subscriber, SubscriberAddress } from '../../../src/model/subscriber.js';
import { renderJson } from '../../../src/report/json.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderText } from '../../../src/report/text.js';
import { silentLogger } from '../../../src/util/logger.js';
import { aSubscriber } from '../../support/subscriber-builder.js';
import { SMARTYARD_FIXTURE_ENV, SMARTYARD_FIXTURE_SECRETS } from '../../fixtures/smartyard/env.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/smartyard/', import.meta.url));

const sub = (id: string, address: SubscriberAddress | null, services: string[] = ['501']): Subscriber =>
  aSubscriber({ id, address, services: services.map((s) => ({ id: s })) });

const SUBSCRIBERS = [
  sub('7', { houseId: '1001', entrance: '1' }),
  sub('8', { houseId: '1002', entrance: '3' }, ['502']),
  sub('9', null),
  sub('10', { houseId: '1001', entrance: '5' }),
  sub('11', { houseId: '4242', entrance: '1' }),
  sub('12', { houseId: '1001', entrance: '2' }, ['100']),
];

let dir: string;
let rt: Runtime;
let plan: Plan;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'billsync-inventory-plan-'));
  const config = await loadConfig(join(FIXTURE, 'sync.yaml'), SMARTYARD_FIXTURE_ENV);
  rt = await openRuntime({ ...config, store: { url: `sqlite:${join(dir, 'state.db')}` } }, { logger: silentLogger() });
  plan = (await makePlan(rt, { subscribers: new Map([['hydra', [SUBSCRIBERS]]]), now: () => new Date('2026-01-01T00:00:00Z') })).plan;
});

afterAll(async () => {
  await rt?.close();
  await rm(dir, { recursive: true, force: true });
});

const seqOf = (p: Plan, type: string, kind: string, key: string): number | undefined => p.ops.find((o) => o.type === type && o.kind === kind && o.key === key)?.seq;

describe('a plan with an inventory', () => {
  it('creates every inventory device and door, with no origin', () => {
    const creates = plan.ops.filter((o) => o.type === 'create' && o.kind !== 'rights');
    expect(creates.map((o) => `${o.kind}/${o.key}`).sort()).toEqual([
      'device/lenina-12-p1', 'device/lenina-12-p1:lock', 'device/lenina-12-p2', 'device/lenina-12-p2:lock',
      'device/lenina-12-perimeter', 'device/lenina-yard-gate-cam', 'device/lenina-yard-gate-lock',
      'door/lenina-12-p1', 'door/lenina-12-p2', 'door/lenina-yard-gate',
    ]);
    for (const o of creates) expect(o.type === 'create' && o.entity.origin).toBeUndefined();
  });

  it("creates a door after its lock's and camera's creates", () => {
    const door = plan.ops.find((o) => o.type === 'create' && o.key === 'lenina-yard-gate')!;
    expect(door.after).toEqual(expect.arrayContaining([seqOf(plan, 'create', 'device', 'lenina-yard-gate-lock'), seqOf(plan, 'create', 'device', 'lenina-yard-gate-cam')]));
    const panel = plan.ops.find((o) => o.type === 'create' && o.kind === 'door' && o.key === 'lenina-12-p1')!;
    expect(panel.after).toEqual(expect.arrayContaining([seqOf(plan, 'create', 'device', 'lenina-12-p1:lock'), seqOf(plan, 'create', 'device', 'lenina-12-p1')]));
  });

  it("gives each contract the devices of its entrance and house, each add after the device's create", () => {
    const members = (uid: string) => plan.ops.filter((o) => o.type === 'add_member' && o.key === uid).map((o) => ('member' in o ? o.member : ''));
    expect(members('7')).toEqual(['lenina-12-p1', 'lenina-12-p1:lock', 'lenina-12-perimeter', 'lenina-yard-gate-cam', 'lenina-yard-gate-lock']);
    expect(members('8')).toEqual(['lenina-yard-gate-cam', 'lenina-yard-gate-lock']);
    expect(members('10')).toEqual(['lenina-12-perimeter', 'lenina-yard-gate-cam', 'lenina-yard-gate-lock']);
    for (const uid of ['9', '11', '12']) {
      expect(members(uid)).toEqual([]);
      expect(seqOf(plan, 'create', 'rights', uid)).toBeDefined();
    }
    for (const o of plan.ops) {
      if (o.type !== 'add_member') continue;
      expect(o.after).toContain(seqOf(plan, 'create', 'device', o.member));
    }
  });

  it('carries a notice for each subscriber whose address the inventory cannot serve', () => {
    expect(plan.notices).toEqual([
      { source: 'hydra', id: '9', target: 'smartyard', message: ACCESS_NOTICES.noHouse, detail: 'no house' },
      { source: 'hydra', id: '10', target: 'smartyard', message: ACCESS_NOTICES.unknownEntrance, detail: "house '1001', entrance '5'" },
      { source: 'hydra', id: '11', target: 'smartyard', message: ACCESS_NOTICES.unknownHouse, detail: "house '4242'" },
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('leaves the inventory alone in a one-subscriber plan, and keeps only its notices', () => {
    const desired = desiredState(rt.mappings, new Map([['hydra', SUBSCRIBERS]]), inventoryEntities(rt.config));
    const one = buildPlan({
      targets: [{ target: 'smartyard', kinds: rt.kinds.smartyard!, safety: { minSourceShare: 0.5 }, desired: desired.byTarget.get('smartyard')!, snapshot: [], sources: [] }],
      skipped: desired.skipped, notices: desired.notices, onlyOrigins: new Set(['hydra:11']),
      overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: '2026-01-01T00:00:00Z',
    });
    expect(one.ops.map((o) => `${o.type} ${o.kind}/${o.key}`)).toEqual(['create rights/11']);
    expect(one.notices?.map((n) => n.id)).toEqual(['11']);
  });
});

describe('reports of a plan with an inventory', () => {
  const outputs = (): { json: string; text: string; markdown: string } => ({
    json: renderJson(plan, rt.kinds),
    text: renderText(plan, { kinds: rt.kinds }),
    markdown: renderMarkdown(plan, { kinds: rt.kinds }),
  });

  it('never contain an inventory credential, whole or in part', () => {
    const parts = SMARTYARD_FIXTURE_SECRETS.flatMap((s) => {
      const pw = /:\/\/[^:/@]+:([^@]+)@/.exec(s)?.[1];
      return pw === undefined ? [s] : [s, pw];
    });
    expect(parts.length).toBeGreaterThan(SMARTYARD_FIXTURE_SECRETS.length);
    for (const [format, text] of Object.entries(outputs())) {
      for (const s of parts) expect(text, `${format} shows '${s}'`).not.toContain(s);
      expect(text, format).toContain('[secret]');
    }
    // The plan in memory still holds them: apply needs them.
    expect(JSON.stringify(plan)).toContain(SMARTYARD_FIXTURE_ENV.P1_SIP_PASSWORD);
  });

  it('show the notices grouped and counted', () => {
    const { json, text, markdown } = outputs();
    expect(text).toContain('Notices (3): subscribers mapped all the same, worth a look:');
    expect(text).toContain(`i smartyard: ${ACCESS_NOTICES.unknownHouse} — 1 subscriber: hydra:11 (house '4242')`);
    expect(text).toContain('  3 notice(s)');
    expect(markdown).toContain('### Notices (3)');
    expect(markdown).toContain('- 3 notices about mapped subscribers (grouped below)');
    expect(markdown).toMatch(/\| smartyard \| no device in the inventory serves the house: no devices granted \| 1 \| hydra:11 \(house '4242'\) \|/);
    expect((JSON.parse(json) as Plan).notices).toHaveLength(3);
  });

  it('emit JSON that schemas/plan.schema.json accepts', () => {
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => Ajv2020;
    const schema: unknown = JSON.parse(readFileSync(new URL('../../../schemas/plan.schema.json', import.meta.url), 'utf8'));
    const validate = addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })).compile(schema as object);
    const json: unknown = JSON.parse(renderJson(plan, rt.kinds));
    expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const bad = { ...(json as Plan), notices: [{ source: 'hydra', id: '9', target: 'smartyard', message: 'x' }] };
    expect(validate(bad)).toBe(false);
  });
});
