/** `billsync status [RUN_ID]`: recent runs and snapshot sizes, or one run in detail. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { loadCliConfig } from '../context.js';
import { intOption } from '../int-option.js';
import { openStore } from '../../store/db.js';
import type { Store } from '../../store/store.js';
import { BillsyncError } from '../../model/errors.js';
import { renderRunDetail, runDetail, runDetailJson } from '../../report/run-detail.js';
import type { CommandIo } from '../command.js';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show recent runs and snapshot sizes from the store, or one run in detail',
  help: `Usage: billsync status [RUN_ID] [-c sync.yaml] [--runs N] [--json]

Reads the store only (no source or target is contacted).
Without RUN_ID: the destructive changes held back per target (approve them with 'billsync
approve'), snapshot sizes, recent runs (running, ok, partial, failed, interrupted, abandoned).
With RUN_ID (from that list, or an apply's last line): the run in detail — its duration, per
target how many ops succeeded, failed and were not run, the failures grouped by reason with
example keys, what its plan held back, and for an interrupted or abandoned run what that means.

Options:
      --runs N              how many recent runs to list (default 10)
${CONFIG_HELP}`,
  options: { ...CONFIG_OPTIONS, runs: { type: 'string' } },
  positionals: true,
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new BillsyncError('USAGE', `status takes at most one run id, got ${positionals.length}`, { fix: "e.g. 'billsync status' or 'billsync status RUN_ID'" });
    const runs = intOption(values, 'runs', 10, { min: 1, max: 10_000 });
    const config = await loadCliConfig(values, io);
    const store = await openStore(config.store.url, { baseDir: config.dir, ...(config.store.secretKey ? { secretKey: config.store.secretKey } : {}) });
    try {
      const id = positionals[0];
      if (id !== undefined) return await showRun(store, id, values.json === true, io);
      const list = await store.listRuns(runs);
      const snapshots: Record<string, number> = {};
      for (const t of Object.keys(config.targets)) snapshots[t] = (await store.loadSnapshot(t)).length;
      const heldBack = await store.listHeldBack();
      if (values.json) {
        io.stdout.write(JSON.stringify({ snapshots, heldBack, runs: list }, null, 2) + '\n');
        return EXIT.ok;
      }
      for (const h of heldBack) {
        io.stdout.write(`HELD BACK on ${h.target}: ${h.ops} destructive op(s) since ${h.since} (hash ${h.hash}):\n`);
        for (const r of h.reasons) io.stdout.write(`  ! ${r.message}\n`);
        io.stdout.write(`  review with 'billsync plan'; apply exactly this set with 'billsync approve ${h.target} --hash ${h.hash}'\n`);
      }
      io.stdout.write('Snapshot entities per target:\n');
      for (const [t, n] of Object.entries(snapshots)) io.stdout.write(`  ${t.padEnd(16)} ${n}\n`);
      io.stdout.write(list.length > 0 ? "Recent runs ('billsync status RUN_ID' for one in detail):\n" : 'No runs yet.\n');
      for (const r of list) {
        const counts = Object.entries(r.counts).map(([k, v]) => `${k}=${v}`).join(' ');
        io.stdout.write(`  ${r.id}  ${r.mode.padEnd(5)} ${r.status.padEnd(8)} ${r.startedAt}  ${counts}\n`);
      }
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};

async function showRun(store: Store, id: string, json: boolean, io: CommandIo) {
  const run = await store.getRun(id);
  if (!run) throw new BillsyncError('USAGE', `the store has no run '${id}'`, { fix: "'billsync status' lists the recent runs and their ids" });
  const detail = runDetail(run, await store.listOps(id), await store.listHeldBack());
  io.stdout.write(json ? JSON.stringify(runDetailJson(detail), null, 2) + '\n' : renderRunDetail(detail));
  return EXIT.ok;
}
