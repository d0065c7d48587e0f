/**
 * X1: the store keeps keyed digests of secrets (HMAC-SHA256, full length, key outside the
 * database), so a copy of the database gives nothing to brute-force; rows written by older
 * versions (`secret:sha256:<16 hex>`) compare equal without a false "changed" and are rewritten
 * in the new form on the next write.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rekeyedRows, snapshotChange } from '../../../src/apply/snapshot-change.js';
import type { Entity, SnapshotEntity } from '../../../src/model/entity.js';
import { entityHash } from '../../../src/model/hash.js';
import { keyedSecretDigests, legacySecretDigest } from '../../../src/model/secret-digest.js';
import { diffTarget } from '../../../src/plan/diff.js';
import { SMARTYARD_DEVICE, SMARTYARD_KINDS } from '../../../src/targets/smartyard/kinds.js';
import { InternalError } from '../../../src/model/errors.js';

const KEY = Buffer.from('0f'.repeat(32), 'hex');
const secrets = keyedSecretDigests(KEY);
const SIP = '483920';

/** Guesses every 6-digit PIN in [from, to) against a digest function; the one that matches. */
function bruteForce(target: string, digest: (v: string) => string, from: number, to: number): string | undefined {
  for (let n = from; n < to; n++) {
    const guess = String(n).padStart(6, '0');
    if (digest(guess) === target) return guess;
  }
  return undefined;
}

const device = (sip: string): Entity => ({ target: 'yard', kind: 'device', key: 'p1', attrs: { device_type: 1, title: 'p1', sippassword: sip }, sets: {} });
const row = (attrs: SnapshotEntity['attrs']): SnapshotEntity => {
  const base = { target: 'yard', kind: 'device', key: 'p1', attrs, sets: {}, remoteId: '5' };
  return { ...base, hash: entityHash(base) };
};

describe('keyed secret digests', () => {
  it('are full-length HMAC-SHA256 under the store key', () => {
    expect(secrets.digest(SIP)).toBe(`secret:hmac-sha256:${createHmac('sha256', KEY).update(SIP).digest('hex')}`);
    expect(secrets.digest(SIP)).toMatch(/^secret:hmac-sha256:[0-9a-f]{64}$/);
    expect(keyedSecretDigests(Buffer.alloc(32, 1)).digest(SIP)).not.toBe(secrets.digest(SIP));
  });

  it('give a brute force nothing to work with without the key, where the old digest gave the PIN away', () => {
    // The finding: the unkeyed digest of a 6-digit SIP password falls to guessing.
    const legacy = legacySecretDigest(SIP);
    expect(legacy).toBe(`secret:sha256:${createHash('sha256').update(SIP).digest('hex').slice(0, 16)}`);
    expect(bruteForce(legacy, legacySecretDigest, 480_000, 490_000)).toBe(SIP);
    // The same guesses against what the store keeps now, by anyone without the key file.
    const stored = secrets.digest(SIP);
    const unkeyed = (v: string) => `secret:hmac-sha256:${createHash('sha256').update(v).digest('hex')}`;
    const wrongKey = keyedSecretDigests(Buffer.alloc(32, 0)).digest;
    expect(bruteForce(stored, unkeyed, 480_000, 490_000)).toBeUndefined();
    expect(bruteForce(stored, wrongKey, 480_000, 490_000)).toBeUndefined();
  });

  it('match the value they were made of, in the new and the legacy form, and nothing else', () => {
    expect(secrets.matches(SIP, secrets.digest(SIP))).toBe(true);
    expect(secrets.matches(SIP, legacySecretDigest(SIP))).toBe(true);
    expect(secrets.matches('483921', secrets.digest(SIP))).toBe(false);
    expect(secrets.matches('483921', legacySecretDigest(SIP))).toBe(false);
    expect(secrets.matches(SIP, SIP)).toBe(false);
    expect(secrets.matches(SIP, null)).toBe(false);
    expect(secrets.matches(SIP, undefined)).toBe(false);
    expect(secrets.matches(SIP, 'secret:hmac-sha256:zz')).toBe(false);
  });
});

describe('a store written with the old digests', () => {
  const plan = (snapshotAttrs: SnapshotEntity['attrs'], desired: Entity) =>
    diffTarget({ target: 'yard', kinds: SMARTYARD_KINDS, desired: [desired], snapshot: [row(snapshotAttrs)], mayDelete: () => true, secrets }).perEntity;

  it('plans no change for an unchanged secret (no false "changed" after the upgrade)', () => {
    expect(plan({ device_type: 1, title: 'p1', sippassword: legacySecretDigest(SIP) }, device(SIP))).toEqual([]);
    expect(plan({ device_type: 1, title: 'p1', sippassword: secrets.digest(SIP) }, device(SIP))).toEqual([]);
  });

  it('still notices a changed secret, and writes the new form', () => {
    const ops = plan({ device_type: 1, title: 'p1', sippassword: legacySecretDigest(SIP) }, device('111111'));
    expect(ops).toHaveLength(1);
    const op = ops[0]![0]!;
    expect(op.type === 'update' && op.changes).toEqual([{ attr: 'sippassword', before: legacySecretDigest(SIP), after: secrets.digest('111111') }]);
  });

  it('rewrites an old digest in the new form on the next write of the row', () => {
    const before = row({ device_type: 1, title: 'p1', sippassword: legacySecretDigest(SIP) });
    const entity = { ...device(SIP), attrs: { ...device(SIP).attrs, title: 'renamed' } };
    const change = snapshotChange(
      { seq: 1, after: [], type: 'update', target: 'yard', kind: 'device', key: 'p1', changes: [{ attr: 'title', before: 'p1', after: 'renamed' }], entity },
      before,
      {},
      SMARTYARD_DEVICE,
      secrets,
    );
    expect(change.kind === 'put' && change.entity.attrs.sippassword).toBe(secrets.digest(SIP));
    expect(JSON.stringify(change)).not.toContain(SIP);
  });

  it('re-keys the rows no op will write, where the desired value proves the old digest', () => {
    const unchanged = row({ device_type: 1, title: 'p1', sippassword: legacySecretDigest(SIP) });
    const changed = { ...row({ device_type: 1, sippassword: legacySecretDigest('000000') }), key: 'p2' };
    const gone = { ...row({ device_type: 1, sippassword: legacySecretDigest(SIP) }), key: 'p3' };
    const current = { ...row({ device_type: 1, sippassword: secrets.digest(SIP) }), key: 'p4' };
    const desired = ['p1', 'p2', 'p4'].map((key) => ({ ...device(SIP), key }));
    const rows = rekeyedRows(desired, [unchanged, changed, gone, current], SMARTYARD_KINDS, secrets);
    expect(rows.map((r) => [r.key, r.attrs.sippassword])).toEqual([['p1', secrets.digest(SIP)]]);
    expect(rows[0]).toEqual({ ...unchanged, attrs: { ...unchanged.attrs, sippassword: secrets.digest(SIP) }, hash: entityHash({ ...unchanged, attrs: { ...unchanged.attrs, sippassword: secrets.digest(SIP) } }) });
    // After the re-key the diff still sees no change.
    expect(plan(rows[0]!.attrs, device(SIP))).toEqual([]);
  });

  it('refuses to diff a secret without the store digests rather than fall back to an unkeyed one', () => {
    const diff = () =>
      diffTarget({ target: 'yard', kinds: SMARTYARD_KINDS, desired: [device(SIP)], snapshot: [row({ device_type: 1, sippassword: 'x' })], mayDelete: () => true });
    expect(diff).toThrow(InternalError);
    expect(diff).toThrow(/DiffInput\.secrets/);
  });
});
