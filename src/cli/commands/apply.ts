/** `billsync apply`: plan, then execute the plan through the per-target queues. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { BillsyncError } from '../../model/errors.js';
import { openCliRuntime, progressWriter } from '../context.js';
import { makePlan } from '../../engine/make-plan.js';
import { applyPlan } from '../../engine/apply-plan.js';
import { renderText } from '../../report/text.js';
import { applyResultJson, renderApplyResult } from '../../report/apply-result.js';
import { SAFETY_OPTIONS, SAFETY_HELP, excludedFrom, overridesFrom } from './safety-options.js';
import { excludeOps } from '../../plan/exclude.js';
import { freshPlan, readPlanFile } from '../../engine/saved-plan.js';
import { confirmDestructive } from './confirm.js';
import { resolve } from 'node:path';
import type { Plan } from '../../model/plan.js';
import type { SnapshotEntity } from '../../model/entity.js';

export const applyCommand: Command = {
  name: 'apply',
  summary: 'plan, then apply the changes to the targets',
  help: `Usage: billsync apply [PLAN.json] [-c sync.yaml] [--yes] [--quiet] [--json]

Without PLAN, makes a plan (as 'billsync plan' shows it) and applies it. With PLAN (from
'billsync plan --out PLAN.json') applies exactly that plan, and refuses it if the configuration or
any target's snapshot changed since it was made. Either way: per-target queues with the configured
rate and concurrency, retries for network errors, 5xx and 429, and every successful op committed
to the store with its new snapshot row. A failing entity is listed and the rest go on.
Exit 0 when everything applied, 3 when some entities failed, 1 on errors.

Options:
      --refresh             read the live targets first and repair drift as well
      --yes                 apply deletes and blocks without asking (needed when there is
                            no terminal to confirm on)
      --quiet               print only the outcome, not the plan
      --no-color            plain text even on a terminal
${SAFETY_HELP}
${CONFIG_HELP}`,
  options: {
    ...CONFIG_OPTIONS,
    ...SAFETY_OPTIONS,
    yes: { type: 'boolean', short: 'y', default: false },
    refresh: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    'no-color': { type: 'boolean', default: false },
  },
  positionals: true,
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new BillsyncError('USAGE', `apply takes at most one plan file, got ${positionals.length}`, { fix: "run 'billsync apply --help'" });
    const rt = await openCliRuntime(values, io);
    try {
      let plan: Plan;
      let snapshots: ReadonlyMap<string, readonly SnapshotEntity[]> | undefined;
      if (positionals[0] !== undefined) {
        const file = resolve(io.cwd, positionals[0]);
        plan = await freshPlan(rt, await readPlanFile(file), positionals[0]);
      } else {
        const made = await makePlan(rt, { overrides: overridesFrom(values), refresh: values.refresh === true });
        plan = made.plan;
        snapshots = made.snapshots;
      }
      plan = excludeOps(plan, excludedFrom(values));
      if (!values.json && !values.quiet) {
        io.stdout.write(renderText(plan, { kinds: rt.kinds, color: io.stdout.isTTY === true && !values['no-color'] }));
      }
      if (!(await confirmDestructive(plan, values.yes === true, io))) {
        io.stderr.write('Not applied.\n');
        return EXIT.ok;
      }
      const result = await applyPlan(rt, plan, { ...(snapshots ? { snapshots } : {}), onProgress: progressWriter(io, 'applying') });
      io.stdout.write(values.json ? JSON.stringify(applyResultJson(result, plan.skipped), null, 2) + '\n' : renderApplyResult(result, values.quiet ? plan.skipped : []));
      return result.failed.length + result.notRun.length > 0 ? EXIT.partial : EXIT.ok;
    } finally {
      await rt.close();
    }
  },
};
