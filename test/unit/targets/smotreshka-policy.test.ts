import { describe, expect, it } from 'vitest';
import type { Attrs, Entity } from '../../../src/model/entity.js';
import { silentLogger } from '../../../src/util/logger.js';
import { smotreshkaTargetFactory } from '../../../src/targets/smotreshka/index.js';
import { applyPolicy } from '../../../src/targets/smotreshka/policy.js';
import { stateStatus } from '../../../src/targets/smotreshka/account-state.js';
import { accountFromGet, accountEntity } from '../../../src/targets/smotreshka/observe.js';
import { parseSmotreshkaOptions } from '../../../src/targets/smotreshka/options.js';
import { BillsyncError } from '../../../src/model/errors.js';

function account(attrs: Attrs, subscriptions: string[] | null = ['100', '5010']): Entity {
  return {
    target: 'tv',
    kind: 'account',
    key: 'u1',
    attrs: { email: 'u1@isp.ru', region: 'msk', ...attrs },
    sets: subscriptions === null ? {} : { subscriptions },
    origin: { source: 'hydra', id: '1' },
  };
}

describe('smotreshka desiredFor: subscriptions policy (default)', () => {
  const target = smotreshkaTargetFactory.create('tv', { url: 'http://127.0.0.1:1' }, { logger: silentLogger() });

  it('empties a blocked account’s subscriptions and drops tv_suspended/state/balance', () => {
    const d = target.desiredFor!(account({ tv_suspended: true, state: 'suspended_no_funds', balance: -100 }));
    expect(d.sets).toEqual({ subscriptions: [] });
    expect(d.attrs).toEqual({ email: 'u1@isp.ru', region: 'msk' });
    expect(d.origin).toEqual({ source: 'hydra', id: '1' });
  });

  it('keeps an active account’s subscriptions and drops the attributes nothing writes', () => {
    const d = target.desiredFor!(account({ tv_suspended: false, state: 'active' }));
    expect(d.sets).toEqual({ subscriptions: ['100', '5010'] });
    expect(d.attrs).toEqual({ email: 'u1@isp.ru', region: 'msk' });
  });

  it('returns the same entity when there is nothing to change', () => {
    const e = account({});
    expect(target.desiredFor!(e)).toBe(e);
  });

  it('does not invent a subscriptions set the mapping does not manage', () => {
    const d = target.desiredFor!(account({ tv_suspended: true }, null));
    expect(d.sets).toEqual({});
  });

  it('lower-cases the e-mail', () => {
    expect(target.desiredFor!(account({ email: 'Ivan@Example.RU' })).attrs.email).toBe('ivan@example.ru');
  });
});

describe('smotreshka desiredFor: account_state policy', () => {
  it('keeps attributes and subscriptions of a blocked account', () => {
    const e = account({ tv_suspended: true, state: 'suspended_manually' });
    expect(applyPolicy(e, 'account_state')).toBe(e);
    expect(applyPolicy(account({ email: 'A@B.c', tv_suspended: true }), 'account_state')).toMatchObject({
      attrs: { email: 'a@b.c', tv_suspended: true },
      sets: { subscriptions: ['100', '5010'] },
    });
  });

  it('leaves other kinds alone', () => {
    const e = { ...account({ tv_suspended: true }), kind: 'device' };
    expect(applyPolicy(e, 'subscriptions')).toBe(e);
  });
});

describe('smotreshka v3 status', () => {
  it('uses the mapped state when the platform knows it, never active while suspended', () => {
    expect(stateStatus({ tv_suspended: true, state: 'suspended_no_funds' })).toBe('suspended_no_funds');
    expect(stateStatus({ tv_suspended: true, state: 'active' })).toBe('other');
    expect(stateStatus({ tv_suspended: true })).toBe('other');
    expect(stateStatus({ tv_suspended: false })).toBe('active');
    expect(stateStatus({ tv_suspended: false, state: 'weird' })).toBe('active');
  });
});

describe('smotreshka answers and options', () => {
  it('reads GET /v2/accounts/{id} wrapped or plain', () => {
    const acc = { id: 'a1', username: 'isp_u1', email: 'u1@x.ru', is_blocked: true, region: '', subscriptions: [{ id: '5010' }, { id: 100 }], info: { fio: 'F', comments: '' } };
    const wrapped = accountFromGet({ accounts: [acc] })!;
    expect(accountFromGet(acc)).toEqual(wrapped);
    expect(accountEntity('tv', 'u1', wrapped)).toEqual({
      target: 'tv',
      kind: 'account',
      key: 'u1',
      attrs: { email: 'u1@x.ru', 'info.fio': 'F', tv_suspended: true },
      sets: { subscriptions: ['100', '5010'] },
    });
    expect(accountFromGet({})).toBeUndefined();
  });

  it('defaults and checks the options, stripping a /v2 base', () => {
    expect(parseSmotreshkaOptions('tv', { url: 'https://op.node.lfstrm.tv/v2/' })).toEqual({
      url: 'https://op.node.lfstrm.tv',
      usernamePrefix: '',
      blocking: 'subscriptions',
      accountStateId: 'account_id',
      pageSize: 100,
    });
    expect(parseSmotreshkaOptions('tv', { url: 'http://x', account_state_id: 'username', page_size: 500 })).toMatchObject({
      accountStateId: 'username',
      pageSize: 500,
    });
    expect(() => parseSmotreshkaOptions('tv', { url: 'http://x', account_state_id: 'login' })).toThrow(/account_id or username/);
    expect(() => parseSmotreshkaOptions('tv', { url: 'http://x', page_size: 0 })).toThrow(/page_size/);
    expect(() => parseSmotreshkaOptions('tv', { url: 'ftp://x' })).toThrow(BillsyncError);
    expect(() => parseSmotreshkaOptions('tv', { url: 'http://x', blocking: 'state' })).toThrow(/targets\.tv\.blocking|subscriptions or account_state/);
    expect(() => parseSmotreshkaOptions('tv', { url: 'http://x', username_prefix: 'a b' })).toThrow(BillsyncError);
  });
});
