/** `billsync apply`: plan, then execute the plan through the per-target queues. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { BillsyncError } from '../../model/errors.js';
import { openCliRuntime, progressFor } from '../context.js';
import { useColor } from '../color.js';
import type { CliProgress } from '../progress.js';
import { makePlan } from '../../engine/make-plan.js';
import { applyPlan } from '../../engine/apply-plan.js';
import { asWriter } from '../../engine/as-writer.js';
import { writeRekeyed } from '../../engine/rekey.js';
import { renderText } from '../../report/text.js';
import { applyResultJson, renderApplyResult } from '../../report/apply-result.js';
import { SAFETY_OPTIONS, SAFETY_HELP, excludedFrom, overridesFrom } from './safety-options.js';
import { excludeOps } from '../../plan/exclude.js';
import { freshPlan, readPlanFile } from '../../engine/saved-plan.js';
import { confirmApply } from './confirm.js';
import { onInterrupt } from '../interrupt.js';
import { resolve } from 'node:path';
import type { Plan } from '../../model/plan.js';
import type { SnapshotEntity } from '../../model/entity.js';
import type { Runtime } from '../../engine/runtime.js';
import type { CommandIo, ParsedValues } from '../command.js';

/** How long ops in flight may take to finish after Ctrl-C / SIGTERM. */
const GRACE_MS = 30_000;

export const applyCommand: Command = {
  name: 'apply',
  summary: 'plan, then apply the changes to the targets',
  help: `Usage: billsync apply [PLAN.json] [-c sync.yaml] [--yes] [--quiet] [--json]

Without PLAN, makes a plan (as 'billsync plan' shows it) and applies it. With PLAN (from
'billsync plan --out PLAN.json') applies exactly that plan, and refuses it if the configuration or
any target's snapshot changed since it was made. Either way: one writer per target (a second
apply, or an apply beside a running daemon, is refused), a preflight call to every system first,
per-target queues with the configured rate and concurrency, retries for network errors, 5xx and
429, and every successful op committed to the store with its new snapshot row. A failing entity
is listed and the rest go on; a target failing the same way retry.stop_after times in a row is
stopped for the run.

On a terminal, apply shows the plan and asks before writing anything. Without one, a plan that
takes anything from a subscriber (delete, block, lost tariff/subscription/right) needs --yes.
Ctrl-C stops new ops, lets the ones in flight finish, records the run as interrupted (exit 130).
Exit 0 when everything applied, 3 when some entities failed, 4 when destructive changes were
held back by the safety gates (see 'billsync approve'), 1 on errors.

Options:
      --refresh             read the live targets first and repair drift as well
      --yes                 apply without asking (needed for destructive plans when there
                            is no terminal to confirm on)
      --quiet               print only the outcome: no plan, no progress lines
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
      const file = positionals[0];
      return await asWriter(rt, [...rt.targets.keys()], async (lockLost) => {
        let plan: Plan;
        let snapshots: ReadonlyMap<string, readonly SnapshotEntity[]> | undefined;
        let rekey: readonly SnapshotEntity[] = [];
        const progress = progressFor(values, io);
        // Under the lock: nothing can move the snapshot between this check and the apply.
        if (file !== undefined) plan = await freshPlan(rt, await readPlanFile(resolve(io.cwd, file)), file);
        else {
          ({ plan, snapshots, rekey } = await makePlan(rt, { overrides: overridesFrom(values), refresh: values.refresh === true, ...(progress.reads ? { onReadProgress: progress.reads } : {}) }));
          progress.end();
        }
        plan = excludeOps(plan, excludedFrom(values));
        const code = await applyAndReport(rt, plan, snapshots, values, io, { savedPlan: file !== undefined, progress, lockLost });
        if (code !== EXIT.error && code !== EXIT.interrupted) await writeRekeyed(rt.store, plan, rekey);
        return code;
      });
    } finally {
      await rt.close();
    }
  },
};

/** Shows the plan, asks, applies under Ctrl-C handling, reports; the exit code. Shared with approve. */
export async function applyAndReport(
  rt: Runtime,
  plan: Plan,
  snapshots: ReadonlyMap<string, readonly SnapshotEntity[]> | undefined,
  values: ParsedValues,
  io: CommandIo,
  opts: { savedPlan: boolean; progress?: CliProgress; lockLost?: AbortSignal },
): Promise<ExitCode> {
  if (!values.json && !values.quiet) {
    io.stdout.write(renderText(plan, { kinds: rt.kinds, color: useColor(io.stdout, values, io.env) }));
  }
  const progress = opts.progress ?? progressFor(values, io);
  const held = plan.summary.heldBySafety > 0 ? EXIT.heldBack : EXIT.ok;
  if (plan.ops.length === 0) {
    if (values.json) io.stdout.write(JSON.stringify(applyResultJson(null, plan), null, 2) + '\n');
    return held;
  }
  if ((await confirmApply(plan, { yes: values.yes === true, savedPlan: opts.savedPlan }, io)) === 'declined') {
    io.stderr.write('Apply cancelled.\n');
    return EXIT.error;
  }
  const interrupt = onInterrupt({ graceMs: GRACE_MS, onForcedExit: (why) => io.stderr.write(`\n${why}\n`) });
  try {
    progress.end(); // the apply's clock starts now, not while the plan was shown or confirmed
    const result = await applyPlan(rt, plan, { ...(snapshots ? { snapshots } : {}), ...(progress.apply ? { onProgress: progress.apply } : {}), signal: opts.lockLost ? AbortSignal.any([interrupt.signal, opts.lockLost]) : interrupt.signal });
    progress.end();
    io.stdout.write(values.json ? JSON.stringify(applyResultJson(result, plan), null, 2) + '\n' : renderApplyResult(result, values.quiet ? plan.skipped : []));
    const signal = interrupt.received();
    if (signal !== null) {
      io.stderr.write(`Interrupted by ${signal}: ${result.succeeded} of ${result.total} op(s) applied, ${result.notRun.length} not run (run ${result.runId}); the next apply picks up the rest.\n`);
      return EXIT.interrupted;
    }
    if (opts.lockLost?.aborted) {
      const why = opts.lockLost.reason instanceof Error ? opts.lockLost.reason.message : String(opts.lockLost.reason);
      io.stderr.write(`Stopped: ${why}; another writer may have started, so no new op was sent. ${result.succeeded} of ${result.total} op(s) applied, ${result.notRun.length} not run (run ${result.runId}); the next apply picks up the rest.\n`);
      return EXIT.error;
    }
    return result.failed.length + result.notRun.length > 0 ? EXIT.partial : held;
  } finally {
    interrupt.dispose();
  }
}
