/** `billsync upsale`: the purchases made in the Smotreshka app, from the store, for the billing. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { loadCliConfig } from '../context.js';
import { intOption } from '../int-option.js';
import { openStore } from '../../store/db.js';
import { BillsyncError } from '../../model/errors.js';
import type { PurchaseState } from '../../model/purchase.js';

const STATES: readonly PurchaseState[] = ['ensured', 'committed', 'reflected', 'expired'];

export const upsaleCommand: Command = {
  name: 'upsale',
  summary: 'list purchases made in the Smotreshka app that the billing has yet to take up',
  help: `Usage: billsync upsale [--state committed,ensured,reflected,expired] [--limit N] [-c sync.yaml] [--json]

Reads the store only. Lists the purchases the Smotreshka upsale callbacks recorded (see the
README, Smotreshka upsale callbacks), newest first. 'committed' (the default) are bought in the
app and not yet in the billing: add them there (billsync keeps them on the platform meanwhile).
'ensured' were reserved but never confirmed; 'reflected' the billing has taken up; 'expired'
passed keep_for before it did.

Options:
      --state LIST          states to list, comma-separated (default committed)
      --limit N             at most N purchases (default 1000)
${CONFIG_HELP}`,
  options: { ...CONFIG_OPTIONS, state: { type: 'string' }, limit: { type: 'string' } },
  async run(values, _positionals, io) {
    const states = String(values.state ?? 'committed').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = states.filter((s) => !STATES.includes(s as PurchaseState));
    if (bad.length > 0 || states.length === 0) throw new BillsyncError('USAGE', `unknown --state ${bad.join(', ') || '(empty)'}`, { fix: `use one or more of ${STATES.join(', ')}, comma-separated` });
    const limit = intOption(values, 'limit', 1000, { min: 1, max: 100_000 });
    const config = await loadCliConfig(values, io);
    const store = await openStore(config.store.url, { baseDir: config.dir, ...(config.store.secretKey ? { secretKey: config.store.secretKey } : {}) });
    try {
      const purchases = await store.purchases.list({ states: states as PurchaseState[], limit });
      if (values.json) {
        io.stdout.write(JSON.stringify({ purchases }, null, 2) + '\n');
        return EXIT.ok;
      }
      if (purchases.length === 0) {
        io.stdout.write(`no ${states.join(' or ')} upsale purchases\n`);
        return EXIT.ok;
      }
      for (const p of purchases) {
        const what = p.oldOffer === null ? `add ${p.newOffer}` : `replace ${p.oldOffer} → ${p.newOffer}`;
        const when = p.committedAt ?? p.ensuredAt;
        io.stdout.write(`${p.state.padEnd(9)} ${when}  ${p.target}/${p.accountKey}  ${what}${p.trialDays ? ` (trial ${p.trialDays} d)` : ''}  qs=${p.qsTransactionId} billing=${p.billingTransactionId}\n`);
      }
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};
