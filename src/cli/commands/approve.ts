/** `billsync approve`: apply exactly the destructive changes the safety gates held back on a target. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { BillsyncError } from '../../model/errors.js';
import { openCliRuntime } from '../context.js';
import { asWriter } from '../../engine/as-writer.js';
import { scopeRuntime } from '../../daemon/scoped-runtime.js';
import { planApproval } from '../../engine/approve.js';
import { applyAndReport } from './apply.js';

export const approveCommand: Command = {
  name: 'approve',
  summary: 'apply exactly the destructive changes held back on a target',
  help: `Usage: billsync approve TARGET [--hash H] [-c sync.yaml] [--json]

The safety gates hold back deletes, blocks and removals of tariffs, subscriptions or rights
when a read was not proved complete, a source shrank, or a cap was exceeded. 'billsync plan',
'billsync status' and the daemon's /healthz show what is held back and its hash. After checking
it, approve applies exactly that set (and the ops it waits for): it plans the target again and
goes ahead only if the held-back set is still the same — if anything moved since, it refuses
and names the new hash. Takes the target's writer lock like apply (stop the daemon's writes or
run it where no daemon leads the target).
Exit 0 when applied, 3 when some entities failed, 1 on errors or when the set moved.

Options:
      --hash H        the held-back set to apply (default: the one 'billsync status' shows
                      for TARGET, as the daemon recorded it)
${CONFIG_HELP}`,
  options: { ...CONFIG_OPTIONS, hash: { type: 'string' } },
  positionals: true,
  async run(values, positionals, io) {
    const target = positionals[0];
    if (positionals.length !== 1 || !target) throw new BillsyncError('USAGE', 'approve takes one target name', { fix: 'e.g. billsync approve smarty --hash 1a2b3c4d5e6f7a8b' });
    const rt = await openCliRuntime(values, io);
    try {
      if (!rt.targets.has(target)) throw new BillsyncError('USAGE', `no target '${target}' is reconciled by this configuration`, { fix: `use one of: ${[...rt.targets.keys()].join(', ')}` });
      const scoped = scopeRuntime(rt, target, rt.logger);
      return await asWriter(scoped, [target], async () => {
        const { plan, snapshots } = await planApproval(scoped, target, typeof values.hash === 'string' ? values.hash : undefined);
        if (plan.ops.length === 0) {
          io.stderr.write(`Nothing is held back on ${target} any more; nothing to approve.\n`);
          await rt.store.putHeldBack(target, null);
          return EXIT.ok;
        }
        // The approval is the confirmation: no second question.
        const code = await applyAndReport(scoped, plan, snapshots, { ...values, yes: true }, io, { savedPlan: true });
        await rt.store.putHeldBack(target, null);
        return code;
      });
    } finally {
      await rt.close();
    }
  },
};
