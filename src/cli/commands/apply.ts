/** `billsync apply`: plan, then execute the plan through the per-target queues. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { openCliRuntime, progressWriter } from '../context.js';
import { makePlan } from '../../engine/make-plan.js';
import { applyPlan } from '../../engine/apply-plan.js';
import { renderText } from '../../report/text.js';
import { applyResultJson, renderApplyResult } from '../../report/apply-result.js';
import { SAFETY_OPTIONS, SAFETY_HELP, overridesFrom } from './safety-options.js';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'plan, then apply the changes to the targets',
  help: `Usage: billsync apply [-c sync.yaml] [--quiet] [--json]

Makes a plan (as 'billsync plan' shows it) and applies it: per-target queues with the configured
rate and concurrency, retries for network errors, 5xx and 429, and every successful op committed
to the store with its new snapshot row. A failing entity is listed and the rest go on.
Exit 0 when everything applied, 3 when some entities failed, 1 on errors.

Options:
      --quiet               print only the outcome, not the plan
      --no-color            plain text even on a terminal
${SAFETY_HELP}
${CONFIG_HELP}`,
  options: { ...CONFIG_OPTIONS, ...SAFETY_OPTIONS, quiet: { type: 'boolean', default: false }, 'no-color': { type: 'boolean', default: false } },
  async run(values, _positionals, io) {
    const rt = await openCliRuntime(values, io);
    try {
      const made = await makePlan(rt, { overrides: overridesFrom(values) });
      if (!values.json && !values.quiet) {
        io.stdout.write(renderText(made.plan, { kinds: rt.kinds, color: io.stdout.isTTY === true && !values['no-color'] }));
      }
      const result = await applyPlan(rt, made.plan, { snapshots: made.snapshots, onProgress: progressWriter(io, 'applying') });
      io.stdout.write(values.json ? JSON.stringify(applyResultJson(result), null, 2) + '\n' : renderApplyResult(result));
      return result.failed.length + result.notRun.length > 0 ? EXIT.partial : EXIT.ok;
    } finally {
      await rt.close();
    }
  },
};
