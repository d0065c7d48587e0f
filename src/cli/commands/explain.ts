/** `billsync explain <target> <kind> <key>`: where every field of one entity comes from. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { openCliRuntime } from '../context.js';
import { explainEntity } from '../../engine/explain-entity.js';
import { redactExplanation, renderExplanation } from '../../report/explain.js';
import { BillsyncError } from '../../model/errors.js';

export const explainCommand: Command = {
  name: 'explain',
  summary: 'show where each field of one target entity comes from (desired / snapshot / live)',
  help: `Usage: billsync explain <target> <kind> <key> [--refresh] [-c sync.yaml] [--json]

For one entity (e.g. 'billsync explain smarty customer 100001'): the subscriber it comes from,
the mapping filter, and for each field the desired value with the mapping rule (file:line) that
produced it, next to the snapshot value — and with --refresh the live value on the target.
Reads the sources (one subscriber when the snapshot knows it); writes nothing.

Options:
      --refresh             also read the entity from the target
${CONFIG_HELP}`,
  options: { ...CONFIG_OPTIONS, refresh: { type: 'boolean', default: false } },
  positionals: true,
  async run(values, positionals, io) {
    const [target, kind, key] = positionals;
    if (positionals.length !== 3 || !target || !kind || key === undefined) {
      throw new BillsyncError('USAGE', 'explain needs <target> <kind> <key>', { fix: "e.g. 'billsync explain smarty customer 100001'" });
    }
    const rt = await openCliRuntime(values, io);
    try {
      const x = await explainEntity(rt, target, kind, key, { refresh: values.refresh === true });
      io.stdout.write(values.json ? JSON.stringify(redactExplanation(x, rt.kinds), null, 2) + '\n' : renderExplanation(x, rt.kinds));
      return EXIT.ok;
    } finally {
      await rt.close();
    }
  },
};
