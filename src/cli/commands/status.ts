/** `billsync status`: recent runs and how many entities each target's snapshot holds. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { loadCliConfig } from '../context.js';
import { openStore } from '../../store/db.js';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show recent runs and snapshot sizes from the store',
  help: `Usage: billsync status [-c sync.yaml] [--runs N] [--json]

Reads the store only (no source or target is contacted): the destructive changes the daemon
holds back per target (approve them with 'billsync approve'), snapshot sizes, recent runs
(running, ok, partial, failed, interrupted, abandoned).

Options:
      --runs N              how many recent runs to list (default 10)
${CONFIG_HELP}`,
  options: { ...CONFIG_OPTIONS, runs: { type: 'string', default: '10' } },
  async run(values, _positionals, io) {
    const config = await loadCliConfig(values, io);
    const store = await openStore(config.store.url, { baseDir: config.dir, ...(config.store.secretKey ? { secretKey: config.store.secretKey } : {}) });
    try {
      const runs = await store.listRuns(Math.max(1, Number(values.runs) || 10));
      const snapshots: Record<string, number> = {};
      for (const t of Object.keys(config.targets)) snapshots[t] = (await store.loadSnapshot(t)).length;
      const heldBack = await store.listHeldBack();
      if (values.json) {
        io.stdout.write(JSON.stringify({ snapshots, heldBack, runs }, null, 2) + '\n');
        return EXIT.ok;
      }
      for (const h of heldBack) {
        io.stdout.write(`HELD BACK on ${h.target}: ${h.ops} destructive op(s) since ${h.since} (hash ${h.hash}):\n`);
        for (const r of h.reasons) io.stdout.write(`  ! ${r.message}\n`);
        io.stdout.write(`  review with 'billsync plan'; apply exactly this set with 'billsync approve ${h.target} --hash ${h.hash}'\n`);
      }
      io.stdout.write('Snapshot entities per target:\n');
      for (const [t, n] of Object.entries(snapshots)) io.stdout.write(`  ${t.padEnd(16)} ${n}\n`);
      io.stdout.write(runs.length > 0 ? 'Recent runs:\n' : 'No runs yet.\n');
      for (const r of runs) {
        const counts = Object.entries(r.counts).map(([k, v]) => `${k}=${v}`).join(' ');
        io.stdout.write(`  ${r.id}  ${r.mode.padEnd(5)} ${r.status.padEnd(8)} ${r.startedAt}  ${counts}\n`);
      }
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};
