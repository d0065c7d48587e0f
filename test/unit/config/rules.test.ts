import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/config/load.js';
import {
  checkDuplicateMappingFiles,
  checkMappingRefs,
  checkTariffTable,
  checkUrls,
} from '../../../src/config/rules.js';
import { GOOD_MAPPING, GOOD_SYNC } from './fixture-dir.js';

const sync = (text = GOOD_SYNC) => parseYaml(text, 'sync.yaml');
const mapping = (text = GOOD_MAPPING) => parseYaml(text, 'mappings/x.yaml');

describe('checkTariffTable', () => {
  it('accepts the good table', () => {
    expect(checkTariffTable(mapping())).toEqual([]);
  });

  it('flags one service id under two target tariffs, naming both positions', () => {
    const doc = mapping(GOOD_MAPPING.replace("'3': [5, 6, 7, 8]", "'3': [5, 3, 7]"));
    const errs = checkTariffTable(doc);
    expect(errs).toHaveLength(1);
    expect(errs[0]?.code).toBe('CONFIG_RULE');
    expect(errs[0]?.format().split('\n')[0]).toBe(
      "mappings/x.yaml:20:14 tariffs.table.3.1: source service id 3 is mapped to two target tariffs: " +
        "'2' (mappings/x.yaml:19:17) and '3' (mappings/x.yaml:20:14)",
    );
  });

  it('compares ids as text: 3 and "3" are the same service', () => {
    const doc = mapping(GOOD_MAPPING.replace("'3': [5, 6, 7, 8]", "'3': ['3']"));
    expect(checkTariffTable(doc)).toHaveLength(1);
  });

  it('allows the same id twice under one tariff', () => {
    expect(checkTariffTable(mapping(GOOD_MAPPING.replace('[1, 2, 3, 4]', '[1, 2, 2]')))).toEqual([]);
  });

  it('flags an id both mapped and ignored, at the ignore entry', () => {
    const errs = checkTariffTable(mapping(GOOD_MAPPING.replace('ignore: [100, 101]', 'ignore: [100, 6]')));
    expect(errs.map((e) => e.format().split('\n')[0])).toEqual([
      "mappings/x.yaml:21:17 tariffs.ignore.1: source service id 6 is both ignored and mapped to target tariff '3' (mappings/x.yaml:20:14)",
    ]);
  });
});

describe('checkMappingRefs', () => {
  it('accepts declared names', () => {
    expect(checkMappingRefs(mapping(), sync())).toEqual([]);
  });

  it('flags an undeclared target at the mapping key, with a suggestion', () => {
    const errs = checkMappingRefs(mapping(GOOD_MAPPING.replace('target: smarty', 'target: smaryt')), sync());
    expect(errs).toHaveLength(1);
    expect(errs[0]?.format()).toBe(
      "mappings/x.yaml:2:9 target: target 'smaryt' is not declared in sync.yaml — did you mean 'smarty'?\n" +
        "  fix: use one of the declared targets (smarty) or declare 'smaryt' under targets: in sync.yaml",
    );
  });
});

describe('checkUrls', () => {
  it('flags a URL that is not one after resolution, without echoing it', () => {
    const doc = sync(GOOD_SYNC.replace('url: http://127.0.0.1:3000/rest/v2', 'url: "http://exa mple"'));
    const errs = checkUrls(doc);
    expect(errs.map((e) => e.format().split('\n')[0])).toEqual(['sync.yaml:5:10 sources.hydra.url: not an http:// or https:// URL']);
  });
});

describe('checkDuplicateMappingFiles', () => {
  it('flags the same file listed twice, however spelt', () => {
    const doc = sync(GOOD_SYNC.replace('  - mappings/hydra-smarty.yaml\n', '  - mappings/hydra-smarty.yaml\n  - ./mappings/../mappings/hydra-smarty.yaml\n'));
    const errs = checkDuplicateMappingFiles(doc, '/etc/billsync');
    expect(errs.map((e) => e.format().split('\n')[0])).toEqual([
      "sync.yaml:16:5 mappings.1: mapping file './mappings/../mappings/hydra-smarty.yaml' is listed twice (first as mappings.0 at sync.yaml:15:5)",
    ]);
  });
});
