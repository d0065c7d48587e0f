import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/plan/plan.js';
import { renderText } from '../../../src/report/text.js';
import { renderJson } from '../../../src/report/json.js';
import { entityHash } from '../../../src/model/hash.js';
import type { Entity } from '../../../src/model/entity.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';

const kinds = { smarty: SMARTY_KINDS };
const origin = { source: 'hydra', id: '7' };
const account = (attrs: Entity['attrs']): Entity => ({
  target: 'smarty', kind: 'account', key: '700', attrs, sets: {}, parent: { kind: 'customer', key: '7' }, origin,
});
const plan = (desired: Entity[], snapshot: Entity[]) =>
  buildPlan({
    targets: [{
      target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0.5 }, desired,
      snapshot: snapshot.map((e) => ({ ...e, remoteId: null, hash: entityHash(e) })), sources: [{ source: 'hydra', read: 1 }],
    }],
    skipped: [{ source: 'hydra', id: '9', target: 'smarty', reason: "account key 'ЛС-9' is not numeric" }],
    overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: 'now',
  });

describe('text report', () => {
  it('shows creates with their fields, secrets redacted, skipped subscribers and a summary', () => {
    const text = renderText(plan([account({ active: true, password: 424242 })], []), { kinds });
    expect(text).toContain('+ smarty account 700  ← hydra:7');
    expect(text).toMatch(/password\s+"\[secret\]"/);
    expect(text).not.toContain('424242');
    expect(text).toContain("hydra:9 → smarty: account key 'ЛС-9' is not numeric");
    expect(text).toMatch(/target\s+create\n\s+smarty\s+1/);
  });

  it('shows updates field by field and long values as a word diff', () => {
    const long = 'г. Москва, ул. Ленина, д. 1, подъезд 2, этаж 3, кв. 45, домофон 45В';
    const text = renderText(plan([account({ active: false, status_reason: long.replace('кв. 45', 'кв. 46') })], [account({ active: true, status_reason: long })]), { kinds });
    expect(text).toContain('~ smarty account 700 (block)');
    expect(text).toMatch(/active\s+true → false/);
    expect(text).toContain('[-45-]{+46+}');
  });

  it('says so when there is nothing to do', () => {
    const a = account({ active: true });
    expect(renderText(plan([a], [a]), { kinds })).toContain('No changes.');
  });

  it('redacts secrets in JSON plans too', () => {
    const json = renderJson(plan([account({ active: true, password: 424242 })], []), kinds);
    expect(json).not.toContain('424242');
    expect(JSON.parse(json).ops[0].entity.attrs.password).toBe('[secret]');
  });
});

describe('text report: a reviewer reads groups, losses and reasons', () => {
  const customerOf = (id: string, tariffs: string[], lastname = `L${id}`): Entity => ({
    target: 'smarty', kind: 'customer', key: id, attrs: { lastname }, sets: { tariffs }, origin: { source: 'hydra', id },
  });
  const planOf = (desired: Entity[], snapshot: Entity[], skipped: { id: string; reason: string }[] = []) =>
    buildPlan({
      targets: [{
        target: 'smarty', kinds: SMARTY_KINDS, safety: { minSourceShare: 0, maxDeletes: { count: 1000 }, maxRemovals: { count: 1000 } }, desired,
        snapshot: snapshot.map((e) => ({ ...e, remoteId: null, hash: entityHash(e) })), sources: [{ source: 'hydra', read: desired.length }],
      }],
      skipped: skipped.map((s) => ({ source: 'hydra', target: 'smarty', ...s })),
      overrides: {}, configHash: 'c', snapshotHashes: {}, createdAt: 'now',
    });

  it('shows an identical change to many entities once, naming each entity and its subscriber', () => {
    const ids = Array.from({ length: 30 }, (_, i) => String(i + 1));
    const text = renderText(planOf(ids.map((id) => customerOf(id, ['3'])), ids.map((id) => customerOf(id, ['2']))), { kinds });
    expect(text).toContain('~ smarty customer ×30, the same change to each:');
    expect(text.match(/tariffs\s+\+3 -2/g)).toHaveLength(1);
    for (const id of ids) expect(text).toContain(`${id} ← hydra:${id}`);
  });

  it('shows what a delete takes away', () => {
    const text = renderText(planOf([customerOf('1', ['2'])], [customerOf('1', ['2']), customerOf('2', ['2', '5'])]), { kinds });
    expect(text).toMatch(/- smarty customer 2 {2}← hydra:2\n\s+tariffs\s+-2 -5/);
  });

  it('groups skipped subscribers by reason with a count and examples', () => {
    const skipped = Array.from({ length: 40 }, (_, i) => ({ id: String(100 + i), reason: `account key 'ЛС-${i}' is not numeric` }));
    skipped.push({ id: '999', reason: 'no tariff maps' });
    const text = renderText(planOf([customerOf('1', ['2'])], [], skipped), { kinds });
    expect(text).toContain("smarty: 40 subscribers: account key '…' is not numeric — hydra:100, hydra:101, hydra:102, hydra:103, hydra:104 and 35 more");
    expect(text).toContain("e.g. hydra:100: account key 'ЛС-0' is not numeric");
    expect(text).toContain('hydra:999 → smarty: no tariff maps');
    expect(text.indexOf('40 subscribers')).toBeLessThan(text.indexOf('hydra:999'));
  });
});
