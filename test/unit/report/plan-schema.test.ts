import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../../src/report/json.js';
import { KINDS, realisticPlan } from './plan-fixture.js';

// ajv-formats is CommonJS with `exports.default` (see src/config/validate.ts).
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

const schema: unknown = JSON.parse(readFileSync(new URL('../../../schemas/plan.schema.json', import.meta.url), 'utf8'));
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }));
const validate = ajv.compile(schema as object);

type Json = Record<string, unknown> & { ops: Record<string, unknown>[] };
const emitted = (): Json => JSON.parse(renderJson(realisticPlan(), KINDS)) as Json;

describe('schemas/plan.schema.json', () => {
  it('accepts renderJson() of a plan with every kind of op, skipped and held-back entries', () => {
    const json = emitted();
    const types = new Set(json.ops.map((o) => o.type));
    expect([...types].sort()).toEqual(['add_member', 'block', 'create', 'delete', 'remove_member', 'unblock', 'update']);
    expect((json.heldBack as unknown[]).length).toBe(1);
    expect((json.skipped as unknown[]).length).toBe(1);
    expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('accepts a refreshed plan with drift and kinds it could not read', () => {
    const json = {
      ...emitted(),
      drift: [
        { target: 'smarty', kind: 'customer', key: '2', type: 'changed', attrs: [{ attr: 'lastname', snapshot: 'A', live: null }], added: {}, removed: { tariffs: ['2'] }, platformAdded: { tariffs: ['9'] }, policy: 'keep' },
        { target: 'smarty', kind: 'account', key: '300', type: 'missing', attrs: [], added: {}, removed: {} },
      ],
      unobserved: [{ target: 'smarty', kind: 'transaction', entities: 7, reason: 'Smarty has no read of a transaction by ext_id' }],
    };
    expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('rejects an op type outside the closed union', () => {
    const json = emitted();
    // An update's fields with an unknown type: only the closed union on `type` can catch it.
    const i = json.ops.findIndex((o) => o.type === 'update');
    json.ops[i] = { ...json.ops[i], type: 'upsert' };
    expect(validate(json)).toBe(false);
    json.ops[i] = { ...json.ops[i], type: 'update' };
    expect(validate(json)).toBe(true);
  });

  it('rejects fields an op type does not have and a wrong version', () => {
    const member = emitted();
    const i = member.ops.findIndex((o) => o.type === 'add_member');
    member.ops[i] = { ...member.ops[i], entity: member.ops[0]!.entity };
    expect(validate(member)).toBe(false);

    expect(validate({ ...emitted(), version: 2 })).toBe(false);
    const noSeq = emitted();
    delete noSeq.ops[0]!.seq;
    expect(validate(noSeq)).toBe(false);
  });

  it('rejects a delete whose before lacks the snapshot fields', () => {
    const json = emitted();
    const del = json.ops.find((o) => o.type === 'delete')!;
    const { remoteId: _r, ...before } = del.before as Record<string, unknown>;
    del.before = before;
    expect(validate(json)).toBe(false);
  });
});
