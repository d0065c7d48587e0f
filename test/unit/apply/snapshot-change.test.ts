import { describe, expect, it } from 'vitest';
import { snapshotChange, sortMembers } from '../../../src/apply/snapshot-change.js';
import { entityHash } from '../../../src/model/hash.js';
import { keyedSecretDigests } from '../../../src/model/secret-digest.js';

const SECRETS = keyedSecretDigests(Buffer.alloc(32, 1));
import type { SnapshotEntity } from '../../../src/model/entity.js';
import type { Op } from '../../../src/model/op.js';
import { SMARTY_ACCOUNT, SMARTY_CUSTOMER } from '../../../src/targets/smarty/kinds.js';
import { InternalError } from '../../../src/model/errors.js';

const base = { seq: 1, target: 'smarty', after: [] as number[] };
const customerRow: SnapshotEntity = {
  target: 'smarty', kind: 'customer', key: '7', attrs: { lastname: 'Иванов' }, sets: { tariffs: ['2'] },
  origin: { source: 'hydra', id: '7' }, remoteId: '55', hash: 'h',
};

describe('snapshotChange', () => {
  it('records a create with the remote id, and adopted sets over the desired ones', () => {
    const op: Op = {
      ...base, type: 'create', kind: 'customer', key: '7',
      entity: { target: 'smarty', kind: 'customer', key: '7', attrs: { lastname: 'Иванов' }, sets: { tariffs: [] } },
    };
    const change = snapshotChange(op, undefined, { remoteId: '99', adopted: { sets: { tariffs: ['1', '2'] } } }, SMARTY_CUSTOMER, SECRETS);
    expect(change).toMatchObject({ kind: 'put', entity: { remoteId: '99', sets: { tariffs: ['1', '2'] } } });
    if (change.kind === 'put') expect(change.entity.hash).toBe(entityHash(change.entity));
  });

  it('records an adopted object\'s live attributes over the desired ones, secrets as digests', () => {
    const op: Op = {
      ...base, type: 'create', kind: 'account', key: '700',
      entity: { target: 'smarty', kind: 'account', key: '700', attrs: { active: true, password: 123456 }, sets: {}, parent: { kind: 'customer', key: '7' } },
    };
    const change = snapshotChange(op, undefined, { remoteId: '1', adopted: { attrs: { active: false, password: 999 } } }, SMARTY_ACCOUNT, SECRETS);
    expect(change).toMatchObject({ kind: 'put', entity: { attrs: { active: false, password: SECRETS.digest(999) } } });
  });

  it('stores a digest of secret attributes, never the value', () => {
    const op: Op = {
      ...base, type: 'create', kind: 'account', key: '700',
      entity: { target: 'smarty', kind: 'account', key: '700', attrs: { active: true, password: 123456 }, sets: {}, parent: { kind: 'customer', key: '7' } },
    };
    const change = snapshotChange(op, undefined, { remoteId: '1' }, SMARTY_ACCOUNT, SECRETS);
    expect(change.kind === 'put' && change.entity.attrs.password).toBe(SECRETS.digest(123456));
    expect(JSON.stringify(change)).not.toContain('123456');
  });

  it('adds and removes members keeping numeric order, keeping the remote id', () => {
    const add = snapshotChange({ ...base, type: 'add_member', kind: 'customer', key: '7', set: 'tariffs', member: '10' }, customerRow, {}, SMARTY_CUSTOMER, SECRETS);
    expect(add).toMatchObject({ kind: 'put', entity: { sets: { tariffs: ['2', '10'] }, remoteId: '55' } });
    const remove = snapshotChange({ ...base, type: 'remove_member', kind: 'customer', key: '7', set: 'tariffs', member: '2' }, customerRow, {}, SMARTY_CUSTOMER, SECRETS);
    expect(remove).toMatchObject({ kind: 'put', entity: { sets: { tariffs: [] } } });
  });

  it('removes the row on delete and refuses an update with no row to build on', () => {
    expect(snapshotChange({ ...base, type: 'delete', kind: 'customer', key: '7', before: customerRow }, customerRow, {}, SMARTY_CUSTOMER, SECRETS)).toEqual({
      kind: 'remove', target: 'smarty', entityKind: 'customer', key: '7',
    });
    const update: Op = { ...base, type: 'update', kind: 'customer', key: '8', changes: [], entity: { ...customerRow, key: '8' } };
    expect(() => snapshotChange(update, undefined, {}, SMARTY_CUSTOMER, SECRETS)).toThrow(InternalError);
  });

  it('sorts numeric members numerically and others as text', () => {
    expect(sortMembers(['10', '9', '1'])).toEqual(['1', '9', '10']);
    expect(sortMembers(['b', 'a', '10'])).toEqual(['10', 'a', 'b']);
  });
});
