/** `billsync impact --against REF`: mapping impact apart from data impact, for reviewing a change. */
import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { openCliRuntime } from '../context.js';
import { useColor } from '../color.js';
import { loadConfig } from '../../config/index.js';
import { configAt } from '../../engine/config-at-ref.js';
import { impactOf } from '../../engine/impact.js';
import { renderText } from '../../report/text.js';
import { renderJson } from '../../report/json.js';
import { BillsyncError } from '../../model/errors.js';
import { DEFAULT_MARKDOWN_BUDGET, renderMarkdown } from '../../report/markdown.js';
import { markdownOptionsFrom, MARKDOWN_HELP, MARKDOWN_OPTIONS, parseFormat } from './report-format.js';

export const impactCommand: Command = {
  name: 'impact',
  summary: 'split a plan into what a mapping change causes and what billing data causes',
  help: `Usage: billsync impact --against REF [-c sync.yaml] [--format text|json|markdown] [--detailed-exitcode]

Reads the sources once and shows two plans:
  1. mapping impact: what changes because the mapping YAML (or an inventory, such as
     SmartYard's devices and doors) changed — the configuration at REF against the current
     one, on the same billing data;
  2. data impact: what changes because billing data moved since the last apply, under the
     mapping at REF (what an apply would do even without the change).
REF is a git ref of the repository holding sync.yaml (main, HEAD~1, origin/main) or a path to
another sync.yaml. Writes nothing.

Options:
      --against REF         the configuration to compare with (required)
      --format F            text (default), json ({"mapping": plan, "data": plan}) or markdown
                            (the two plans as one comment, each within half the budget);
                            --json is the same as --format json
${MARKDOWN_HELP}
      --detailed-exitcode   exit 2 when the mapping change changes anything
      --no-color            plain text even on a terminal
${CONFIG_HELP}`,
  options: {
    ...CONFIG_OPTIONS,
    ...MARKDOWN_OPTIONS,
    against: { type: 'string' },
    format: { type: 'string' },
    'detailed-exitcode': { type: 'boolean', default: false },
    'no-color': { type: 'boolean', default: false },
  },
  async run(values, _positionals, io) {
    if (typeof values.against !== 'string') throw new BillsyncError('USAGE', 'impact needs --against REF', { fix: 'e.g. billsync impact --against main' });
    const format = parseFormat(values);
    const markdown = markdownOptionsFrom(values);
    const rt = await openCliRuntime(values, io);
    const copy = await configAt(values.against, resolve(io.cwd, String(values.config)), io.cwd);
    try {
      const impact = await impactOf(rt, await loadConfig(copy.file, io.env, { secretsDir: copy.secretsDir }));
      if (format === 'json') {
        io.stdout.write(`{"mapping": ${renderJson(impact.mapping, rt.kinds).trim()},\n "data": ${renderJson(impact.data, rt.kinds).trim()}}\n`);
      } else if (format === 'markdown') {
        // Two reports in one comment: each gets half of the budget.
        const budget = Math.floor((markdown.budget ?? DEFAULT_MARKDOWN_BUDGET) / 2);
        io.stdout.write(renderMarkdown(impact.mapping, { kinds: rt.kinds, ...markdown, budget, title: `Mapping impact (${values.against} → this change)` }));
        io.stdout.write('\n');
        io.stdout.write(renderMarkdown(impact.data, { kinds: rt.kinds, ...markdown, budget, title: 'Data impact (billing changes since the last apply)' }));
      } else {
        const color = useColor(io.stdout, values, io.env);
        io.stdout.write(`=== Mapping impact: ${values.against} → working tree, same billing data ===\n\n`);
        io.stdout.write(renderText(impact.mapping, { kinds: rt.kinds, color }));
        io.stdout.write(`\n=== Data impact: billing changes since the last apply, under the mapping at ${values.against} ===\n\n`);
        io.stdout.write(renderText(impact.data, { kinds: rt.kinds, color }));
      }
      return values['detailed-exitcode'] && impact.mapping.ops.length > 0 ? EXIT.changes : EXIT.ok;
    } finally {
      await copy.cleanup();
      await rt.close();
    }
  },
};
