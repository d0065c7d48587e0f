/**
 * The configuration at a git ref, as `impact --against` loads it: the copy has sync.yaml and the
 * mapping files, but secret files are rarely committed — relative `${file:…}` secrets must be read
 * from the working tree.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import type { ConfigErrors } from '../../../src/model/errors.js';
import { configAt } from '../../../src/engine/config-at-ref.js';

const MAPPING = fileURLToPath(new URL('../../../mappings/hydra-smarty.yaml', import.meta.url));
const SYNC = `version: 1
sources:
  hydra:
    type: hydra
    url: http://127.0.0.1:3000/rest/v2
    login: billsync
    password: \${file:secrets/hydra-password}
targets:
  smarty:
    type: smarty
    url: http://127.0.0.1:8000/billing/api
    client_id: 1
    api_key: \${SMARTY_API_KEY}
mappings:
  - mappings/hydra-smarty.yaml
`;

describe('configAt a git ref', () => {
  let repo: string;

  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), 'billsync-at-ref-'));
    await mkdir(join(repo, 'mappings'));
    await mkdir(join(repo, 'secrets'));
    await writeFile(join(repo, 'sync.yaml'), SYNC);
    await copyFile(MAPPING, join(repo, 'mappings', 'hydra-smarty.yaml'));
    await writeFile(join(repo, 'secrets', 'hydra-password'), 'from-the-working-tree\n');
    await writeFile(join(repo, '.gitignore'), 'secrets/\n');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'config');
  });

  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it('reads relative ${file:…} secrets from the working tree, not from the copy', async () => {
    const copy = await configAt('HEAD', join(repo, 'sync.yaml'), repo);
    try {
      expect(copy.secretsDir).toBe(repo);
      const env = { SMARTY_API_KEY: 'k' };
      // Next to the copy there is no secrets/ directory: the secret is missing there.
      const missing = await loadConfig(copy.file, env).then(() => undefined, (e: unknown) => e as ConfigErrors);
      expect(missing?.format()).toContain('hydra-password');
      const config = await loadConfig(copy.file, env, { secretsDir: copy.secretsDir });
      expect(config.sources.hydra?.options.password).toBe('from-the-working-tree');
      expect(Object.keys(config.targets)).toEqual(['smarty']);
    } finally {
      await copy.cleanup();
    }
  });

  it('uses another sync.yaml in place, its secrets next to it', async () => {
    const copy = await configAt(join(repo, 'sync.yaml'), join(repo, 'sync.yaml'), repo);
    expect(copy).toMatchObject({ file: join(repo, 'sync.yaml'), secretsDir: repo });
  });
});
