/**
 * The op log keeps ops as the snapshot keeps entities: secret attributes (SmartYard stream and
 * SIP passwords, Smarty account passwords) as digests, whether the op succeeded, failed or was
 * never run — the store never holds a credential.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executePlan } from '../../../src/apply/executor.js';
import { storedOp } from '../../../src/apply/snapshot-change.js';
import type { TargetConfig } from '../../../src/config/types.js';
import type { Entity } from '../../../src/model/entity.js';
import { TargetRequestError } from '../../../src/model/errors.js';
import { keyedSecretDigests } from '../../../src/model/secret-digest.js';
import type { Op } from '../../../src/model/op.js';
import type { Plan } from '../../../src/model/plan.js';
import { openStore } from '../../../src/store/db.js';
import type { Store } from '../../../src/store/store.js';
import { SMARTYARD_DEVICE, SMARTYARD_KINDS } from '../../../src/targets/smartyard/kinds.js';
import type { Target } from '../../../src/targets/target.js';
import { silentLogger } from '../../../src/util/logger.js';

const STREAM = 'rtsp://viewer:stream-pw-oplog@10.0.0.1/av0_0';
const SIP = 'sip-pw-oplog';

const device = (key: string): Entity => ({
  target: 'yard',
  kind: 'device',
  key,
  attrs: { device_type: 1, title: key, stream: STREAM, sippassword: SIP },
  sets: {},
});
const create = (seq: number, e: Entity, after: number[] = []): Op => ({ seq, target: 'yard', kind: e.kind, key: e.key, after, type: 'create', entity: e });

const CONFIG: TargetConfig = {
  name: 'yard',
  type: 'smartyard',
  options: {},
  rate: { concurrency: 2 },
  retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  safety: { minSourceShare: 0 },
  drift: 'report',
  position: { file: 'sync.yaml', line: 1, col: 1 },
};

/** Creates `ok` and fails `bad` (so the op after it is never run). */
const target: Target = {
  type: 'smartyard',
  name: 'yard',
  kinds: SMARTYARD_KINDS,
  async execute(op: Op) {
    if (op.key === 'bad') throw new TargetRequestError('refused', { retryable: false });
    return { remoteId: '1' };
  },
  async close() {},
} as unknown as Target;

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billsync-oplog-'));
  store = await openStore(`sqlite:${join(dir, 'state.db')}`, { baseDir: dir });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('op log secrets', () => {
  it('digests the secret attributes of the entity an op carries, and leaves the rest alone', () => {
    const op = create(1, device('p1'));
    const secrets = keyedSecretDigests(Buffer.alloc(32, 7));
    const stored = storedOp(op, SMARTYARD_DEVICE, secrets);
    expect(stored.type === 'create' && stored.entity.attrs).toEqual({ device_type: 1, title: 'p1', stream: secrets.digest(STREAM), sippassword: secrets.digest(SIP) });
    expect(op.type === 'create' && op.entity.attrs.stream).toBe(STREAM);
    const member: Op = { seq: 2, target: 'yard', kind: 'rights', key: '7', after: [], type: 'add_member', set: 'devices', member: 'p1' };
    expect(storedOp(member, SMARTYARD_KINDS[2]!, secrets)).toBe(member);
  });

  it('never writes a credential to the store, for ops that succeed, fail or are not run', async () => {
    const plan = { ops: [create(1, device('ok')), create(2, device('bad')), create(3, device('after-bad'), [2])] } as unknown as Plan;
    const runId = await store.beginRun('apply', null);
    const result = await executePlan(plan, runId, {
      store,
      targets: new Map([['yard', target]]),
      configs: { yard: CONFIG },
      snapshot: new Map([['yard', new Map()]]),
      logger: silentLogger(),
      sleep: async () => undefined,
    });
    expect([result.succeeded, result.failed.length, result.notRun.length]).toEqual([1, 1, 1]);
    const ops = await store.listOps(runId);
    expect(ops.map((o) => o.status)).toEqual(['ok', 'failed', 'skipped']);
    for (const o of ops) expect(o.op.type === 'create' && o.op.entity.attrs.sippassword).toBe(store.secrets.digest(SIP));
    await store.close();
    store = await openStore(`sqlite:${join(dir, 'state.db')}`, { baseDir: dir });
    for (const f of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, f), 'latin1');
      expect(bytes.includes(SIP), f).toBe(false);
      expect(bytes.includes('stream-pw-oplog'), f).toBe(false);
    }
  });
});
