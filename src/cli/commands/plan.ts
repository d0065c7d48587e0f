/** `billsync plan`: what an apply would change, as text or JSON. Writes nothing to any target. */
import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { openCliRuntime, progressFor } from '../context.js';
import { useColor } from '../color.js';
import { makePlan } from '../../engine/make-plan.js';
import { redactDrift } from '../../report/redact-drift.js';
import { preflight } from '../../engine/preflight.js';
import { renderText } from '../../report/text.js';
import { jsonChunks } from '../../report/json.js';
import { writeChunks } from '../write-chunks.js';
import { renderMarkdown } from '../../report/markdown.js';
import { markdownOptionsFrom, MARKDOWN_HELP, MARKDOWN_OPTIONS, parseFormat } from './report-format.js';
import { SAFETY_OPTIONS, SAFETY_HELP, excludedFrom, overridesFrom } from './safety-options.js';
import { excludeOps } from '../../plan/exclude.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'show what apply would change on each target (read-only)',
  help: `Usage: billsync plan [-c sync.yaml] [--format text|json|markdown] [--out FILE] [--detailed-exitcode]

Reads the sources, maps every subscriber, and diffs the desired state against the stored
snapshot of what billsync last applied. Nothing is written to any target.

Options:
      --format F            text (default), json (schemas/plan.schema.json) or markdown (a
                            pull/merge-request comment that fits its size limit); --json is
                            the same as --format json (and contradicts another --format)
      --out FILE            also write the plan as JSON to FILE: a CI artefact, and what
                            'billsync apply FILE' applies exactly (refused if anything moved)
${MARKDOWN_HELP}
      --detailed-exitcode   exit 4 when destructive changes are held back by the safety
                            gates, else 2 when there are changes, 0 when there are none
      --refresh             read the live targets first: show drift (changed or missing on
                            the target) and plan the repair; the drift found is kept
                            in the store for the daemon console's Drift page; kinds a
                            platform cannot read by key (Smarty transactions) keep the
                            snapshot's view and are listed as not read
      --no-color            plain text even on a terminal (as does NO_COLOR=1)
      --quiet               no progress lines on stderr while the sources are read
${SAFETY_HELP}
${CONFIG_HELP}`,
  options: {
    ...CONFIG_OPTIONS,
    ...SAFETY_OPTIONS,
    ...MARKDOWN_OPTIONS,
    format: { type: 'string' },
    out: { type: 'string' },
    'detailed-exitcode': { type: 'boolean', default: false },
    'no-color': { type: 'boolean', default: false },
    refresh: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
  async run(values, _positionals, io) {
    const format = parseFormat(values);
    const markdown = markdownOptionsFrom(values);
    const rt = await openCliRuntime(values, io);
    try {
      // A wrong key or a dead platform stops here, naming the key, before anything is read.
      await preflight(rt);
      const progress = progressFor(values, io);
      const made = await makePlan(rt, { overrides: overridesFrom(values), refresh: values.refresh === true, ...(progress.reads ? { onReadProgress: progress.reads } : {}) });
      progress.end();
      const plan = excludeOps(made.plan, excludedFrom(values));
      // What the live targets looked like, for the daemon console's Drift page (secrets redacted).
      if (values.refresh === true) {
        for (const t of rt.targets.keys()) await rt.store.putDrift(t, made.plan.createdAt, redactDrift((made.plan.drift ?? []).filter((d) => d.target === t), rt.kinds));
      }
      // JSON goes out op by op: at a million subscribers it is more than one string may hold.
      if (values.out) await writeChunks(resolve(io.cwd, String(values.out)), jsonChunks(plan, rt.kinds));
      if (format === 'json') for (const chunk of jsonChunks(plan, rt.kinds)) io.stdout.write(chunk);
      else
        io.stdout.write(
          format === 'markdown'
            ? renderMarkdown(plan, { kinds: rt.kinds, ...markdown })
            : renderText(plan, { kinds: rt.kinds, color: useColor(io.stdout, values, io.env) }),
        );
      if (!values['detailed-exitcode']) return EXIT.ok;
      // Held-back destruction first: cron and CI must tell a broken read from a quiet day.
      return plan.summary.heldBySafety > 0 ? EXIT.heldBack : plan.ops.length > 0 ? EXIT.changes : EXIT.ok;
    } finally {
      await rt.close();
    }
  },
};
