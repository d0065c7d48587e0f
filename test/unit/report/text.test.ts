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
