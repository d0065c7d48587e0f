/** Temp directories with fixture config files, removed after each test. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Writes `files` (relative path → text) into a fresh temp dir and returns its path. */
export function fixtureDir(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'billsync-config-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return dir;
}

export const GOOD_SYNC = `version: 1
sources:
  hydra:
    type: hydra
    url: http://127.0.0.1:3000/rest/v2
    login: operator
    password: \${HYDRA_PASSWORD}
targets:
  smarty:
    type: smarty
    url: http://127.0.0.1:8000/billing/api
    client_id: 1
    api_key: \${file:secrets/smarty_key}
mappings:
  - mappings/hydra-smarty.yaml
`;

export const GOOD_MAPPING = `source: hydra
target: smarty
entities:
  customer:
    key: '{{ id }}'
    attrs:
      lastname: '{{ name.last }}'
  account:
    parent: customer
    key: '{{ account }}'
status:
  entity: account
  map:
    active: { active: true }
tariffs:
  entity: customer
  set: tariffs
  table:
    '2': [1, 2, 3, 4]
    '3': [5, 6, 7, 8]
  ignore: [100, 101]
`;

/** A complete good config: sync.yaml, one mapping, and the secret file it references. */
export function goodFiles(over: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    'sync.yaml': GOOD_SYNC,
    'mappings/hydra-smarty.yaml': GOOD_MAPPING,
    'secrets/smarty_key': 'smarty-key-123\n',
    ...over,
  };
}
