/** Mapping impact vs data impact, with the old configuration taken from a git ref. */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openRuntime, type Runtime } from '../../src/engine/runtime.js';
import { makePlan } from '../../src/engine/make-plan.js';
import { applyPlan } from '../../src/engine/apply-plan.js';
import { configAt } from '../../src/engine/config-at-ref.js';
import { impactOf } from '../../src/engine/impact.js';
import { silentLogger } from '../../src/util/logger.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../src/demo/emulated-world.js';
import { SUBJ_STATE } from '../../src/emulators/hydra/index.js';
import { LOOPBACK_RATE } from '../support/loopback-rate.js';

const MAPPING = fileURLToPath(new URL('../../mappings/hydra-smarty.yaml', import.meta.url));

describe('impact --against a git ref', () => {
  let world: EmulatedWorld;
  let repo: string;
  let rt: Runtime;

  beforeAll(async () => {
    world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: 80, seed: 9 });
    repo = await mkdtemp(join(tmpdir(), 'billsync-impact-'));
    await mkdir(join(repo, 'mappings'));
    // The tariff line change below is over sync.yaml.example's max_removals (10 % of 80
    // subscribers' tariffs): lifted, as this file is about impact, not the gate.
    await writeFile(join(repo, 'sync.yaml'), (await readFile(world.config, 'utf8')).replaceAll("max_removals: '10%'", "max_removals: '100%'"));
    await copyFile(MAPPING, join(repo, 'mappings', 'hydra-smarty.yaml'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qam', 'init', '--allow-empty');
    git('add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'config');

    // Apply with the committed mapping, then edit one tariff line in the working tree.
    const first = await openRuntime(await loadConfig(join(repo, 'sync.yaml'), world.env), { logger: silentLogger() });
    const made = await makePlan(first);
    await applyPlan(first, made.plan, { snapshots: made.snapshots });
    await first.close();
    const file = join(repo, 'mappings', 'hydra-smarty.yaml');
    const text = await readFile(file, 'utf8');
    const edited = text.replace("'2': [1, 2, 3, 4]", "'2': [1, 2, 3]").replace("'3': [5, 6, 7, 8]", "'3': [4, 5, 6, 7, 8]");
    expect(edited).not.toBe(text);
    await writeFile(file, edited);
    rt = await openRuntime(await loadConfig(join(repo, 'sync.yaml'), world.env), { logger: silentLogger() });
  });

  afterAll(async () => {
    await rt?.close();
    await world?.close();
    await rm(repo, { recursive: true, force: true });
  });

  it('names exactly the subscribers the tariff line change moves, apart from billing changes', async () => {
    // Billing moves too: one subscriber is locked for debt.
    const debtor = world.hydra.state.all().find((c) => c.stateId === SUBJ_STATE.on && /^\d+$/.test(c.account))!;
    world.hydra.state.setState(debtor.id, SUBJ_STATE.paymentsLocked);

    const copy = await configAt('HEAD', join(repo, 'sync.yaml'), repo);
    try {
      const impact = await impactOf(rt, await loadConfig(copy.file, world.env));
      const now = Date.now();
      const withService4 = world.hydra.state
        .all()
        .filter((c) => c.stateId !== SUBJ_STATE.off && c.stateId !== SUBJ_STATE.disabled && /^\d+$/.test(c.account))
        .filter((c) => c.subscriptions.some((s) => s.serviceId === 4 && !s.closed && s.begin <= now && (s.end === null || s.end > now)))
        .map((c) => String(c.id));
      expect(withService4.length).toBeGreaterThan(0);
      const touched = [...new Set(impact.mapping.ops.map((o) => o.key))].sort();
      expect(touched).toEqual([...withService4].sort());
      expect(impact.mapping.ops.every((o) => o.type === 'add_member' || o.type === 'remove_member')).toBe(true);
      expect(impact.data.ops.map((o) => `${o.type} ${o.key}`)).toEqual([`block ${debtor.account}`]);
    } finally {
      await copy.cleanup();
    }
  });
});
