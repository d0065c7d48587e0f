/**
 * Confirmation before an apply writes, as Terraform asks: on a terminal, the plan's summary and
 * a question before any write; `--yes` (or applying a saved, reviewed plan file) skips it.
 * Without a terminal there is nobody to ask: a plan that takes anything away from a subscriber
 * (delete, block, a lost tariff/subscription/right) then needs `--yes`; one that only adds and
 * updates goes ahead.
 */
import { createInterface } from 'node:readline/promises';
import type { Plan } from '../../model/plan.js';
import { BillsyncError } from '../../model/errors.js';
import type { CommandIo } from '../command.js';

export type Confirmation = 'go' | 'declined';

export async function confirmApply(plan: Plan, opts: { yes: boolean; savedPlan: boolean }, io: CommandIo): Promise<Confirmation> {
  if (plan.ops.length === 0 || opts.yes || opts.savedPlan) return 'go';
  const count = (t: string): number => plan.ops.filter((o) => o.type === t).length;
  const destructive = { delete: count('delete'), block: count('block'), removal: count('remove_member') };
  const what = `${plan.ops.length} op(s), of which ${destructive.delete} delete(s), ${destructive.block} block(s) and ${destructive.removal} removal(s) of a tariff, subscription or right`;
  const stdin = io.stdin;
  if (!stdin?.isTTY) {
    if (destructive.delete + destructive.block + destructive.removal === 0) return 'go';
    throw new BillsyncError('USAGE', `this apply would make ${what} and there is no terminal to confirm on`, {
      fix: 're-run with --yes after reviewing the plan (billsync plan), or apply a reviewed plan file (billsync plan --out plan.json; billsync apply plan.json)',
    });
  }
  const rl = createInterface({ input: stdin, output: io.stderr });
  try {
    const answer = await rl.question(`\nbillsync will apply ${what}.\nOnly 'yes' will be accepted to go on.\n\n  Enter a value: `);
    return answer.trim().toLowerCase() === 'yes' ? 'go' : 'declined';
  } finally {
    rl.close();
  }
}
