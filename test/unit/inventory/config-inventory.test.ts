/** loadConfig with `targets.<name>.inventory`: the inventory joins the config, its hash and its secrets. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../src/config/index.js';
import { ConfigErrors } from '../../../src/model/errors.js';
import { fixtureDir, goodFiles } from '../config/fixture-dir.js';
import { SMARTYARD_FIXTURE_ENV, SMARTYARD_FIXTURE_SECRETS } from '../../fixtures/smartyard/env.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/smartyard/', import.meta.url));
const FILES = ['sync.yaml', 'mappings/hydra-smartyard.yaml', 'inventory/smartyard.yaml', 'secrets/p1-panel-password', 'secrets/p1-open.url'];

/** A temp copy of the SmartYard fixture with some files replaced. */
function copy(over: Record<string, (text: string) => string> = {}): string {
  return fixtureDir(Object.fromEntries(FILES.map((f) => [f, (over[f] ?? ((t: string) => t))(readFileSync(join(FIXTURE, f), 'utf8'))])));
}

async function errorsOf(dir: string, env: NodeJS.ProcessEnv = SMARTYARD_FIXTURE_ENV): Promise<string[]> {
  try {
    await loadConfig(join(dir, 'sync.yaml'), env);
  } catch (err) {
    if (err instanceof ConfigErrors) return err.errors.map((e) => e.format().split('\n')[0]!.replace(`${dir}/`, ''));
    throw err;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig with an inventory', () => {
  it('loads the inventory of a smartyard target and adds its credentials to the secrets', async () => {
    const c = await loadConfig(join(FIXTURE, 'sync.yaml'), SMARTYARD_FIXTURE_ENV);
    const inv = c.inventories?.smartyard;
    expect(inv?.entities).toHaveLength(10);
    expect(inv?.access?.houses.get('1001')?.entrances.get('1')).toEqual(['lenina-12-p1', 'lenina-12-p1:lock']);
    for (const s of [...SMARTYARD_FIXTURE_SECRETS, 'hydra-pw-1']) expect(c.secretValues).toContain(s);
    expect(c.targets.smartyard?.options.inventory).toBe('inventory/smartyard.yaml');
  });

  it('changes the config hash when the inventory changes, credentials included, and only then', async () => {
    const hash = async (dir: string, env = SMARTYARD_FIXTURE_ENV) => (await loadConfig(join(dir, 'sync.yaml'), env)).hash;
    const base = await hash(copy());
    expect(await hash(copy())).toBe(base);
    expect(await hash(copy({ 'inventory/smartyard.yaml': (t) => t.replace('# Example', '# An example') }))).toBe(base);
    expect(await hash(copy({ 'inventory/smartyard.yaml': (t) => t.replace("title: 'Ворота двора'", "title: 'Ворота'") }))).not.toBe(base);
    expect(await hash(copy(), { ...SMARTYARD_FIXTURE_ENV, P2_SIP_PASSWORD: 'rotated-sip-pw' })).not.toBe(base);
  });

  it('loads no inventory for a target type that has none', async () => {
    const dir = fixtureDir(goodFiles({ 'sync.yaml': goodFiles()['sync.yaml']!.replace('    client_id: 1\n', '    client_id: 1\n    inventory: inventory.yaml\n') }));
    const errs = await errorsOf(dir, { HYDRA_PASSWORD: 'x' });
    // The schema has no inventory key for smarty; nothing tries to load the file.
    expect(errs).toEqual(["sync.yaml:13:5 targets.smarty.inventory: unknown key 'inventory'"]);
  });

  it('names a missing inventory file at the key that names it', async () => {
    const dir = copy({ 'sync.yaml': (t) => t.replace('inventory/smartyard.yaml', 'inventory/smartyrad.yaml') });
    expect(await errorsOf(dir)).toEqual([expect.stringMatching(/^sync\.yaml:12:16 targets\.smartyard\.inventory: inventory of target smartyard: file not found: .*smartyrad\.yaml$/)]);
  });

  it("reports the inventory's problems with file:line:col together with the other files' problems", async () => {
    const dir = copy({
      'mappings/hydra-smartyard.yaml': (t) => t.replace('target: smartyard', 'target: smartyrad'),
      'inventory/smartyard.yaml': (t) => t.replaceAll("    title: 'Ворота двора'\n", '').replace('    lock: lenina-yard-gate-lock', '    lock: lenina-yard-gate-cam'),
    });
    const errs = await errorsOf(dir, { ...SMARTYARD_FIXTURE_ENV, GATE_STREAM: '' });
    expect(errs).toEqual([
      "mappings/hydra-smartyard.yaml:4:9 target: target 'smartyrad' is not declared in " + join(dir, 'sync.yaml') + " — did you mean 'smartyard'?",
      "inventory/smartyard.yaml:35:3 devices.lenina-yard-gate-cam: missing required key 'title'",
      'inventory/smartyard.yaml:39:13 devices.lenina-yard-gate-cam.stream: environment variable GATE_STREAM is empty',
      "inventory/smartyard.yaml:40:3 devices.lenina-yard-gate-lock: missing required key 'title'",
    ]);
  });
});
