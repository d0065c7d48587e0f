/**
 * Confirmation of destructive applies: deletes and blocks need a "yes" on a terminal, or `--yes`
 * when there is none to ask on (CI, cron).
 */
import { createInterface } from 'node:readline/promises';
import type { Plan } from '../../model/plan.js';
import { BillsyncError } from '../../model/errors.js';
import type { CommandIo } from '../command.js';

export async function confirmDestructive(plan: Plan, yes: boolean, io: CommandIo): Promise<boolean> {
  const deletes = plan.ops.filter((o) => o.type === 'delete').length;
  const blocks = plan.ops.filter((o) => o.type === 'block').length;
  if (deletes + blocks === 0 || yes) return true;
  const what = `${deletes} delete(s) and ${blocks} block(s)`;
  const stdin = io.stdin;
  if (!stdin?.isTTY) {
    throw new BillsyncError('USAGE', `this apply would make ${what} and there is no terminal to confirm on`, {
      fix: 're-run with --yes after reviewing the plan (billsync plan)',
    });
  }
  const rl = createInterface({ input: stdin, output: io.stderr });
  try {
    const answer = await rl.question(`Apply ${what}? Type 'yes' to go on: `);
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}
