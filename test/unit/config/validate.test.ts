import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/config/load.js';
import { SOURCES } from '../../../src/sources/registry.js';
import { validateMappingDocument, validateSyncDocument } from '../../../src/config/validate.js';
import { GOOD_MAPPING, GOOD_SYNC } from './fixture-dir.js';

const sync = (text: string) => validateSyncDocument(parseYaml(text, 'sync.yaml'));
const mapping = (text: string) => validateMappingDocument(parseYaml(text, 'mappings/x.yaml'));
const firstLines = (errs: ReturnType<typeof sync>): (string | undefined)[] => errs.map((e) => e.format().split('\n')[0]);

describe('validateSyncDocument', () => {
  it('accepts the good config', () => {
    expect(sync(GOOD_SYNC)).toEqual([]);
  });

  it('names an unknown key with a suggestion, at the key', () => {
    const text = GOOD_SYNC.replace('    login: operator\n', '    login: operator\n    pre_page: 10\n');
    const errs = sync(text);
    expect(firstLines(errs)).toEqual(["sync.yaml:7:5 sources.hydra.pre_page: unknown key 'pre_page' — did you mean 'per_page'?"]);
    expect(errs[0]?.code).toBe('CONFIG_SCHEMA');
    expect(errs[0]?.fix).toContain('per_page');
    // smarty's keys are not offered for a hydra source
    expect(errs[0]?.fix).not.toContain('client_id');
  });

  it('reports a missing required key at the object that lacks it', () => {
    const text = GOOD_SYNC.replace('    login: operator\n', '');
    const errs = sync(text);
    expect(firstLines(errs)).toEqual(["sync.yaml:3:3 sources.hydra: missing required key 'login'"]);
    expect(errs[0]?.fix).toMatch(/^add 'login:' under sources\.hydra \(Operator login\.\)/);
  });

  it('says what type was expected and what was found', () => {
    const text = GOOD_SYNC.replace('client_id: 1', "client_id: 'one'");
    expect(firstLines(sync(text))).toEqual([
      "sync.yaml:12:16 targets.smarty.client_id: expected a whole number, got the text 'one'",
    ]);
  });

  it('rejects an unknown source type naming the supported ones, without noise about its keys', () => {
    const text = GOOD_SYNC.replace('type: hydra', 'type: hydre');
    const errs = sync(text);
    expect(firstLines(errs)).toEqual(["sync.yaml:4:11 sources.hydra.type: unknown source type 'hydre' — did you mean 'hydra'?"]);
    expect(errs[0]?.fix).toBe(`use one of the supported source types: ${SOURCES.map((s) => s.type).join(', ')}`);
  });

  it('lists allowed values for an enum and checks limits and names', () => {
    const text = `${GOOD_SYNC}store: { url: 'mysql://x' }\n`
      .replace("    status_map: {}\n", '')
      .replace('    login: operator\n', "    login: operator\n    status_map: { '2011': actve }\n")
      .replace('    client_id: 1\n', "    client_id: 1\n    safety: { max_blocks: '150%' }\n")
      .replace('  hydra:\n', '  Hydra:\n');
    const out = firstLines(sync(text));
    expect(out).toContain("sync.yaml:3:3 sources.Hydra: 'Hydra' is not a name of lowercase letters, digits, _ and -, starting with a letter");
    expect(out).toContain("sync.yaml:7:27 sources.Hydra.status_map.2011: the text 'actve' is not a canonical status — did you mean 'active'?");
    expect(out).toContain(
      "sync.yaml:14:27 targets.smarty.safety.max_blocks: expected a count (e.g. 100) or a percentage (e.g. '10%'), got the text '150%'",
    );
    expect(out).toContain("sync.yaml:18:15 store.url: expected a store URL (sqlite:PATH or postgres://…), got the text 'mysql://x'");
  });

  it('does not echo values under secret keys', () => {
    const text = GOOD_SYNC.replace('password: ${HYDRA_PASSWORD}', 'password: 123456');
    const errs = sync(text);
    expect(errs.map((e) => e.message)).toEqual(['expected text, got a value (not shown: secret key)']);
  });
});

describe('validateMappingDocument', () => {
  it('accepts the good mapping', () => {
    expect(mapping(GOOD_MAPPING)).toEqual([]);
  });

  it('names file:line:col and the dotted path of a bad tariff table entry', () => {
    const text = GOOD_MAPPING.replace("    '2': [1, 2, 3, 4]\n", "    '2': 7\n");
    const errs = mapping(text);
    expect(errs).toHaveLength(1);
    expect(errs[0]?.format()).toBe(
      "mappings/x.yaml:19:10 tariffs.table.2: expected a list of source service ids, got the number 7\n" +
        "  fix: write a YAML list: [a, b] or one '- item' per line",
    );
    expect(errs[0]?.position).toEqual({ file: 'mappings/x.yaml', line: 19, col: 10 });
    expect(errs[0]?.path).toBe('tariffs.table.2');
  });

  it('points a bad list item at the item', () => {
    const text = GOOD_MAPPING.replace("    '3': [5, 6, 7, 8]\n", "    '3':\n      - 5\n      - [6]\n");
    expect(firstLines(mapping(text))).toEqual([
      'mappings/x.yaml:22:9 tariffs.table.3.1: expected a source service id, got a list',
    ]);
  });

  it('catches misspelt statuses, entity keys and bad regexes', () => {
    const text = GOOD_MAPPING.replace('    active: { active: true }', '    blocked_dept: { active: false }')
      .replace('    attrs:\n      lastname', '    atrs:\n      lastname')
      .replace('entities:\n', "filter:\n  - { field: account, matches: '(' }\n  - { field: status }\nentities:\n");
    const out = firstLines(mapping(text));
    expect(out).toEqual([
      "mappings/x.yaml:4:32 filter.0.matches: the text '(' is not a valid regular expression: missing closing ): `(`",
      'mappings/x.yaml:5:5 filter.1: expected a condition: field plus one of eq, ne, in, not_in, matches, exists, got a mapping (field)',
      "mappings/x.yaml:9:5 entities.customer.atrs: unknown key 'atrs' — did you mean 'attrs'?",
      "mappings/x.yaml:17:5 status.map.blocked_dept: 'blocked_dept' is not a canonical status — did you mean 'blocked_debt'?",
    ]);
  });

  it('refuses a filter pattern the linear-time engine cannot run, at its line, saying why', () => {
    const text = GOOD_MAPPING.replace('entities:\n', () => "filter:\n  - field: account\n    matches: '^(?!test)\\d+$'\n  - { field: id, matches: '(a)\\1' }\nentities:\n");
    const errs = mapping(text);
    expect(firstLines(errs)).toEqual([
      "mappings/x.yaml:5:14 filter.0.matches: the text '^(?!test)\\d+$' is not a valid regular expression: lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported: mapping patterns run on a linear-time engine (RE2 syntax)",
      "mappings/x.yaml:6:27 filter.1.matches: the text '(a)\\1' is not a valid regular expression: backreferences (\\1, \\k<name>) are not supported: mapping patterns run on a linear-time engine (RE2 syntax)",
    ]);
    expect(errs[0]?.fix).toMatch(/RE2 syntax/);
  });

  it('reports several problems in one pass', () => {
    expect(mapping('target: 3\nentities: {}\n').map((e) => e.message)).toEqual([
      "missing required key 'source'",
      'expected a target name from sync.yaml, got the number 3',
      'expected at least one entity, got an empty mapping',
    ]);
  });
});

describe('validateSyncDocument: target options of the strict-API work', () => {
  it('accepts registration_backoff_ms, account_state_id, page_size and inventory_mode, and refuses bad values', () => {
    const text = (extra: string) => `version: 1
sources:
  hydra: { type: hydra, url: 'http://h', login: a, password: b }
targets:
  smarty: { type: smarty, url: 'http://s/billing/api', client_id: 1, api_key: k, registration_backoff_ms: 30000 }
  tv: { type: smotreshka, url: 'http://t', blocking: account_state, account_state_id: username, page_size: 250 }
  yard: { type: smartyard, url: 'http://y', inventory_mode: adopt_only${extra} }
mappings: [m.yaml]
`;
    expect(sync(text(''))).toEqual([]);
    expect(firstLines(sync(text('').replace('inventory_mode: adopt_only', 'inventory_mode: manual')))[0]).toMatch(/targets\.yard\.inventory_mode/);
    expect(firstLines(sync(text('').replace('account_state_id: username', 'account_state_id: login')))[0]).toMatch(/targets\.tv\.account_state_id/);
  });
});
