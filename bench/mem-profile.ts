/**
 * Where memory goes in one plan: heap used (after a full GC) once each structure is built.
 * Not part of `npm run bench`; run by hand when changing the plan's memory shape:
 *   node --expose-gc --import tsx bench/mem-profile.ts hydra-smarty 100000
 */
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { loadConfig } from '../src/config/index.js';
import { openRuntime } from '../src/engine/runtime.js';
import { DesiredStateBuilder, inventoryEntities } from '../src/engine/desired.js';
import { targetInputs } from '../src/engine/target-inputs.js';
import { buildPlan } from '../src/plan/plan.js';
import { silentLogger } from '../src/util/logger.js';
import { pairInfo, writePairConfig } from '../src/demo/example-config.js';
import { benchPages } from './lib/sources.js';

const [pair = 'hydra-smarty', sizeText = '100000'] = process.argv.slice(2);
const size = Number(sizeText);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const mb = () => {
  gc();
  return Math.round(process.memoryUsage().heapUsed / 1e6);
};
const dir = mkdtempSync(join(tmpdir(), 'billsync-mem-'));
const env = { HYDRA_URL: 'http://127.0.0.1:9/rest/v2', HYDRA_PASSWORD: 'x', SMARTY_URL: 'http://127.0.0.1:9/billing/api', SMARTY_API_KEY: 'x', LANBILLING_URL: 'http://127.0.0.1:9', LANBILLING_PASSWORD: 'x', SMOTRESHKA_URL: 'http://127.0.0.1:9', USERSIDE_URL: 'http://127.0.0.1:9/api.php', USERSIDE_API_KEY: 'x', SMARTYARD_URL: 'http://127.0.0.1:9', BILLSYNC_STORE_URL: `sqlite:${join(dir, 's.db')}` };
const { source } = await pairInfo(pair);
const rt = await openRuntime(await loadConfig(await writePairConfig(join(dir, 'cfg'), [pair]), env), { logger: silentLogger() });
const base = mb();
const b = new DesiredStateBuilder(rt.mappings, inventoryEntities(rt.config));
for (const page of benchPages(source, size)) b.add(source, page);
const desired = b.result();
const afterMap = mb();
const inputs = targetInputs({ targets: rt.targets.values(), config: rt.config, mappings: rt.mappings, desired, base: () => [] });
const afterInputs = mb();
const plan = buildPlan({ targets: inputs, skipped: [], overrides: {}, configHash: '', secrets: rt.store.secrets, snapshotHashes: {}, createdAt: '' });
const afterPlan = mb();
const json = JSON.stringify(plan);
const afterJson = mb();
const entities = [...desired.byTarget.values()].reduce((n, l) => n + l.length, 0);
// The heap right after mapping still holds garbage a later collection frees (the generator's
// source data): desired state is measured once the target inputs are built from it.
console.log(JSON.stringify({ size, entities, ops: plan.ops.length, baseMb: base, afterMapMb: afterMap - base, desiredMb: afterInputs - base, planMb: afterPlan - afterInputs, jsonMb: afterJson - afterPlan, jsonChars: json.length, bytesPerEntity: Math.round(((afterInputs - base) * 1e6) / entities), bytesPerOp: Math.round(((afterPlan - afterInputs) * 1e6) / plan.ops.length) }));
await rt.close();
