/** `billsync validate`: load, schema-check, resolve secrets, cross-check and compile mappings. No I/O beyond reading files. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { loadCliConfig } from '../context.js';
import { compileMappings } from '../../engine/runtime.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check sync.yaml and its mapping files (schema, secrets, cross-checks, mapping rules)',
  help: `Usage: billsync validate [-c sync.yaml] [--json]

Checks sync.yaml and every mapping file it names: YAML syntax, the JSON Schemas in schemas/,
\${ENV} and \${file:…} secrets, cross-references, and compiles every mapping. Every problem is
reported with file:line:col, the config path and the fix. Nothing is contacted or written.

Options:
${CONFIG_HELP}`,
  options: CONFIG_OPTIONS,
  async run(values, _positionals, io) {
    const config = await loadCliConfig(values, io);
    const { mappings } = compileMappings(config);
    const summary = {
      ok: true,
      file: config.file,
      sources: Object.keys(config.sources),
      targets: Object.keys(config.targets),
      mappings: mappings.map((m) => `${m.source} → ${m.target}`),
    };
    if (values.json) io.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else {
      io.stdout.write(
        `${config.file}: OK\n  sources:  ${summary.sources.join(', ')}\n  targets:  ${summary.targets.join(', ')}\n  mappings: ${summary.mappings.join(', ')}\n`,
      );
    }
    return EXIT.ok;
  },
};
