/**
 * `billsync demo`: the whole loop on a fresh machine, against the built-in emulators — plan and
 * apply a few hundred generated Hydra subscribers into Smarty, change some billing data, and
 * show the next plan and apply. Cleans up after itself.
 */
import type { Command, CommandIo } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { loadConfig } from '../../config/index.js';
import { openRuntime, type Runtime } from '../../engine/runtime.js';
import { makePlan } from '../../engine/make-plan.js';
import { applyPlan } from '../../engine/apply-plan.js';
import { renderText } from '../../report/text.js';
import { renderApplyResult } from '../../report/apply-result.js';
import { createLogger } from '../../util/logger.js';
import { EXAMPLE_CONFIG, startEmulatedWorld, type EmulatedWorld } from '../../demo/emulated-world.js';
import { playBillingChanges } from '../../demo/billing-changes.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run plan and apply against built-in Hydra and Smarty emulators (no setup needed)',
  help: `Usage: billsync demo [--subscribers N] [--no-color]

Starts a Hydra and a Smarty emulator on loopback with N generated subscribers (default 300),
runs plan and apply with sync.yaml.example on a throw-away SQLite store, then changes some billing
data (a tariff switch, a debt block, a new subscriber) and shows the next plan and apply.

Options:
      --subscribers N   generated Hydra subscribers (default 300)
      --no-color        plain text even on a terminal
  -h, --help            this help`,
  options: {
    subscribers: { type: 'string', default: '300' },
    'no-color': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  async run(values, _positionals, io) {
    const count = Math.max(1, Math.min(100_000, Number(values.subscribers) || 300));
    const color = io.stdout.isTTY === true && !values['no-color'];
    const say = (s = ''): void => void io.stdout.write(s + '\n');
    const world = await startEmulatedWorld({ subscribers: count, baseEnv: io.env, nonNumericAccountShare: 0.03 });
    let rt: Runtime | undefined;
    try {
      say(`Hydra emulator  ${world.env.HYDRA_URL} (${count} subscribers)`);
      say(`Smarty emulator ${world.env.SMARTY_URL}`);
      say(`Config          ${EXAMPLE_CONFIG}`);
      const config = await loadConfig(EXAMPLE_CONFIG, world.env);
      rt = await openRuntime(config, { logger: createLogger({ level: io.env.BILLSYNC_LOG_LEVEL ?? 'warn', destination: io.stderr }) });

      await step(rt, world, io, color, '1. First plan: everything is new', 8);
      const changes = playBillingChanges(world.hydra, new Date());
      say('2. Meanwhile, in billing:');
      for (const line of changes.lines) say(`   ${line}`);
      say();
      await step(rt, world, io, color, '3. Next plan: only what changed', undefined);
      world.smarty.resetStats();
      const again = await makePlan(rt);
      say(`4. One more plan: ${again.plan.ops.length} change(s); Smarty saw ${world.smarty.stats().writes} write call(s) since the last apply.`);
      return again.plan.ops.length === 0 ? EXIT.ok : EXIT.error;
    } finally {
      await rt?.close();
      await world.close();
    }
  },
};

async function step(rt: Runtime, world: EmulatedWorld, io: CommandIo, color: boolean, title: string, maxEntities: number | undefined): Promise<void> {
  io.stdout.write(`${title}\n\n`);
  const made = await makePlan(rt);
  io.stdout.write(renderText(made.plan, { kinds: rt.kinds, color, ...(maxEntities === undefined ? {} : { maxEntities }) }));
  world.smarty.resetStats();
  const result = await applyPlan(rt, made.plan, { snapshots: made.snapshots });
  io.stdout.write('\n' + renderApplyResult(result));
  io.stdout.write(`Smarty received ${world.smarty.stats().writes} write call(s).\n\n`);
}
