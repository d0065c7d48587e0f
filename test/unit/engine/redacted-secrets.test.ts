/**
 * A saved plan carries the redaction marker where a secret attribute's value was; only there is
 * it a marker. The same text in any other field is a subscriber's data (someone named
 * "[secret]"), and must not make the plan look redacted.
 */
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/model/entity.js';
import type { Op } from '../../../src/model/op.js';
import { REDACTED } from '../../../src/model/redaction.js';
import { redactedSecretOp } from '../../../src/engine/saved-plan.js';
import { SMARTY_KINDS } from '../../../src/targets/smarty/kinds.js';

const KINDS = { tv: SMARTY_KINDS };
const account = (attrs: Entity['attrs']): Op => ({
  seq: 1, target: 'tv', kind: 'account', key: 'a1', after: [], type: 'create',
  entity: { target: 'tv', kind: 'account', key: 'a1', attrs, sets: {} },
});

describe('redaction marker', () => {
  it('is the literal "[secret]" text a reader sees', () => {
    expect(REDACTED).toBe('[secret]');
  });

  it('marks a redacted secret attribute', () => {
    expect(redactedSecretOp([account({ account_ext_id: 'a1', password: REDACTED })], KINDS)?.key).toBe('a1');
  });

  it('is data, not a marker, in a field that is not secret', () => {
    expect(redactedSecretOp([account({ account_ext_id: '[secret]', password: 123456 })], KINDS)).toBeUndefined();
  });
});
