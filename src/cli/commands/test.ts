/**
 * `billsync test`: mapping fixture tests — subscribers in, expected entities out — run offline:
 * no source, target or store is contacted, and no secret is needed.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command, CommandIo, ParsedValues } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { loadConfig } from '../../config/index.js';
import type { SyncConfig } from '../../config/types.js';
import { compileMappings } from '../../engine/runtime.js';
import { BillsyncError, ConfigErrors } from '../../model/errors.js';
import { loadFixtureFile } from '../../fixtures/load-fixtures.js';
import { runCase, type CaseResult } from '../../fixtures/run-fixtures.js';

export const testCommand: Command = {
  name: 'test',
  summary: 'run mapping fixture tests offline (mappings/*.test.yaml)',
  help: `Usage: billsync test [FIXTURE.test.yaml ...] [-c sync.yaml] [--json]

Runs mapping fixtures: each case gives a subscriber and the entities the mapping must produce
(or that it is skipped, or out of scope). Without files, runs <mapping>.test.yaml next to every
mapping sync.yaml names. Offline: nothing is contacted and secrets need not be set.
Exit 0 when every case passes, 1 otherwise.

Options:
${CONFIG_HELP}`,
  options: CONFIG_OPTIONS,
  positionals: true,
  async run(values, positionals, io) {
    const config = await loadOffline(values, io);
    const { mappings } = compileMappings(config);
    const files = positionals.length > 0
      ? positionals.map((p) => resolve(io.cwd, p))
      : config.mappings.map((m) => resolve(io.cwd, m.file).replace(/\.ya?ml$/, '.test.yaml')).filter((f) => existsSync(f));
    if (files.length === 0) {
      throw new BillsyncError('USAGE', 'no fixture files found', { fix: 'add mappings/<mapping>.test.yaml next to a mapping, or name fixture files' });
    }
    const results: { file: string; results: CaseResult[] }[] = [];
    for (const file of files) {
      const fixture = await loadFixtureFile(file);
      const compiled = mappings.find((m) => resolve(io.cwd, m.file) === fixture.mapping);
      if (!compiled) {
        throw new BillsyncError('USAGE', `${file}: mapping ${fixture.mapping} is not listed in ${config.file}`, { fix: 'add it under mappings: in sync.yaml, or fix the fixture\'s mapping: path' });
      }
      results.push({ file, results: fixture.cases.map((c) => runCase(compiled, c)) });
    }
    const failed = results.flatMap((r) => r.results).filter((r) => r.problems.length > 0);
    const total = results.reduce((n, r) => n + r.results.length, 0);
    if (values.json) {
      io.stdout.write(JSON.stringify({ passed: total - failed.length, failed: failed.length, results }, null, 2) + '\n');
    } else {
      for (const { results: rs } of results) {
        for (const r of rs) {
          const where = `${r.case.position.file}:${r.case.position.line}`;
          io.stdout.write(`${r.problems.length === 0 ? '✓' : '✗'} ${r.case.name}  (${where})\n`);
          for (const p of r.problems) io.stdout.write(`    ${p}\n`);
        }
      }
      io.stdout.write(`${total - failed.length} passed, ${failed.length} failed\n`);
    }
    return failed.length === 0 ? EXIT.ok : EXIT.error;
  },
};

/**
 * Loads sync.yaml; when only secrets are missing, loads it again with placeholders — fixture
 * tests never use them, and CI runs them before any secret is handed out.
 */
async function loadOffline(values: ParsedValues, io: CommandIo): Promise<SyncConfig> {
  const file = resolve(io.cwd, String(values.config ?? 'sync.yaml'));
  try {
    return await loadConfig(file, io.env);
  } catch (err) {
    if (!(err instanceof ConfigErrors) || !err.errors.every((e) => e.code === 'CONFIG_SECRET')) throw err;
    // Only the variables that are missing get a placeholder; ${X:-default} keeps its default.
    const missing = err.errors.map((e) => /environment variable (\w+)/.exec(e.message)?.[1]).filter((v): v is string => v !== undefined);
    if (missing.length !== err.errors.length) throw err;
    return loadConfig(file, { ...io.env, ...Object.fromEntries(missing.map((v) => [v, 'unset-for-offline-tests'])) });
  }
}
