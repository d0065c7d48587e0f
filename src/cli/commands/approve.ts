/** `billsync approve`: apply exactly the destructive changes the safety gates held back on a target. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { BillsyncError, DaemonUnreachableError } from '../../model/errors.js';
import { loadCliConfig, openCliRuntime } from '../context.js';
import { DEFAULT_DAEMON } from '../../config/daemon.js';
import { daemonUrlFromListen, postApprove } from '../../daemon/client.js';
import { asWriter } from '../../engine/as-writer.js';
import { scopeRuntime } from '../../daemon/scoped-runtime.js';
import { planApproval } from '../../engine/approve.js';
import { applyAndReport } from './apply.js';

export const approveCommand: Command = {
  name: 'approve',
  summary: 'apply exactly the destructive changes held back on a target',
  help: `Usage: billsync approve TARGET [--hash H] [-c sync.yaml] [--daemon URL | --local] [--json]

The safety gates hold back deletes, blocks and removals of tariffs, subscriptions or rights
when a read was not proved complete, a source shrank, or a cap was exceeded. 'billsync plan',
'billsync status' and the daemon's /healthz show what is held back and its hash. After checking
it, approve applies exactly that set (and the ops it waits for): it plans the target again and
goes ahead only if the held-back set is still the same — if anything moved since, it refuses
and names the new hash. When a daemon answers on daemon.listen (or --daemon URL) the approval
goes to it (POST /v1/approve with daemon.token: it holds the writer lock); otherwise it runs
here under the same lock apply takes.
Exit 0 when applied, 3 when some entities failed, 1 on errors or when the set moved.

Options:
      --hash H        the held-back set to apply (default: the one 'billsync status' shows
                      for TARGET, as the daemon recorded it)
      --daemon URL    the daemon to ask (default: http://<daemon.listen>)
      --local         do not ask a daemon; approve in this process
${CONFIG_HELP}`,
  options: { ...CONFIG_OPTIONS, hash: { type: 'string' }, daemon: { type: 'string' }, local: { type: 'boolean', default: false } },
  positionals: true,
  async run(values, positionals, io) {
    const target = positionals[0];
    if (positionals.length !== 1 || !target) throw new BillsyncError('USAGE', 'approve takes one target name', { fix: 'e.g. billsync approve smarty --hash 1a2b3c4d5e6f7a8b' });
    const hash = typeof values.hash === 'string' ? values.hash : undefined;
    if (!values.local) {
      const config = await loadCliConfig(values, io);
      const settings = config.daemon ?? DEFAULT_DAEMON;
      const url = typeof values.daemon === 'string' ? values.daemon : daemonUrlFromListen(settings.listen);
      const answer = url === null ? ({ kind: 'unreachable', reason: 'daemon.listen has no fixed port' } as const) : await postApprove(url, settings.token, target, hash, { timeoutMs: 600_000 });
      if (answer.kind === 'done') {
        io.stdout.write(values.json ? JSON.stringify({ via: url, ...answer.body }, null, 2) + '\n' : `Approved on ${target} via daemon ${url}: ${String(answer.body.succeeded)}/${String(answer.body.ops)} op(s) applied${Number(answer.body.failed) > 0 ? `, ${String(answer.body.failed)} failed` : ''}.\n`);
        return Number(answer.body.failed) > 0 ? EXIT.partial : EXIT.ok;
      }
      if (answer.kind === 'refused') throw new BillsyncError(answer.status === 409 ? 'PLAN_STALE' : 'USAGE', `the daemon at ${url} refused the approval (HTTP ${answer.status}): ${answer.error}`, { fix: answer.fix ?? (answer.status === 401 || answer.status === 403 ? 'use the same daemon.token as the daemon' : 'check the target name') });
      if (typeof values.daemon === 'string') throw new DaemonUnreachableError(String(url), answer.reason, { fix: 'start it (billsync run), check the URL, or drop --daemon to approve locally' });
      io.stderr.write(`no daemon answers${url ? ` at ${url}` : ''} (${answer.reason}); approving locally\n`);
    }
    const rt = await openCliRuntime(values, io);
    try {
      if (!rt.targets.has(target)) throw new BillsyncError('USAGE', `no target '${target}' is reconciled by this configuration`, { fix: `use one of: ${[...rt.targets.keys()].join(', ')}` });
      const scoped = scopeRuntime(rt, target, rt.logger);
      return await asWriter(scoped, [target], async (lockLost) => {
        const { plan, snapshots } = await planApproval(scoped, target, hash);
        if (plan.ops.length === 0) {
          io.stderr.write(`Nothing is held back on ${target} any more; nothing to approve.\n`);
          await rt.store.putHeldBack(target, null);
          return EXIT.ok;
        }
        // The approval is the confirmation: no second question.
        const code = await applyAndReport(scoped, plan, snapshots, { ...values, yes: true }, io, { savedPlan: true, lockLost });
        await rt.store.putHeldBack(target, null);
        return code;
      });
    } finally {
      await rt.close();
    }
  },
};
