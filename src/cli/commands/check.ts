/** `billsync check`: a compatibility report of every configured system, from read-only calls. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { openCliRuntime } from '../context.js';
import { checkSystems } from '../../engine/preflight.js';
import { renderChecks } from '../../report/checks.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'contact every system read-only and report what works (run this first at an ISP)',
  help: `Usage: billsync check [-c sync.yaml] [--json]

Contacts every source and target of sync.yaml with read-only calls and prints, per system:
whether login works, whether each endpoint billsync relies on answered as expected, which
fallbacks are in use (e.g. SmartYard adopt-only, Smarty without ext_id), and for every problem
the config key to change and how. Nothing is written anywhere.
Exit 0 when every system is usable (fallbacks included), 1 when one is not.

Options:
${CONFIG_HELP}`,
  options: { ...CONFIG_OPTIONS },
  async run(values, _positionals, io) {
    const rt = await openCliRuntime(values, io);
    try {
      const checks = await checkSystems(rt);
      io.stdout.write(values.json ? JSON.stringify({ systems: checks }, null, 2) + '\n' : renderChecks(checks));
      return checks.some((c) => c.results.some((r) => r.status === 'failed')) ? EXIT.error : EXIT.ok;
    } finally {
      await rt.close();
    }
  },
};
