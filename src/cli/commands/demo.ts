/**
 * `billsync demo`: the whole loop on a fresh machine, against the built-in emulators — for each
 * pair sync.yaml.example lists, plan and apply a few hundred generated subscribers, change some
 * billing data, and show the next plan and apply. Cleans up after itself.
 */
import type { Command, CommandIo } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { loadConfig } from '../../config/index.js';
import { openRuntime, type Runtime } from '../../engine/runtime.js';
import { makePlan } from '../../engine/make-plan.js';
import { applyPlan } from '../../engine/apply-plan.js';
import { renderText } from '../../report/text.js';
import { renderApplyResult } from '../../report/apply-result.js';
import { cliLogger } from '../context.js';
import { useColor } from '../color.js';
import { intOption } from '../int-option.js';
import { EXAMPLE_CONFIG, examplePairs } from '../../demo/example-config.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../demo/emulated-world.js';
import { DEMO_PAIRS, type DemoPair } from '../../demo/demo-pairs.js';
import { InternalError } from '../../model/errors.js';

/**
 * The story changes a handful of subscribers per billing and its deletes and removals must stay
 * under the example's safety caps (10 % of what a target holds): below ~50 generated subscribers
 * a removal is held back, or no customer fits a change, and the demo would end in an error.
 */
const MIN_SUBSCRIBERS = 50;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run plan and apply against built-in emulators, pair by pair (no setup needed)',
  help: `Usage: billsync demo [--subscribers N] [--no-color]

Starts every billing and platform emulator on loopback (Hydra, LANBilling, UserSide, Smarty,
Smotreshka, SmartYard) with N generated subscribers per billing system (default 300). For each
pair sync.yaml.example lists (Hydra → Smarty, LANBilling → Smotreshka, UserSide → SmartYard) it
runs plan and apply with that part of the file on a throw-away SQLite store, then changes some
billing data (a package switch, a debt block, a new subscriber; LANBilling also a removal;
UserSide an intercom ordered and cancelled, a move to another entrance, a disconnection, a
deletion and a cleared address) and shows the next plan and apply. SmartYard's devices and
doors come from the example inventory (inventory/smartyard.yaml).

Options:
      --subscribers N   generated subscribers per billing system (default 300, at least 50:
                        with fewer, the story's changes trip the safety caps or find nobody
                        to change)
      --no-color        plain text even on a terminal
  -h, --help            this help`,
  options: {
    subscribers: { type: 'string' },
    'no-color': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  async run(values, _positionals, io) {
    const count = intOption(values, 'subscribers', 300, { min: MIN_SUBSCRIBERS, max: 100_000 });
    const color = useColor(io.stdout, values, io.env);
    const pairs = await examplePairs();
    const unknown = pairs.filter((p) => !Object.hasOwn(DEMO_PAIRS, p));
    if (unknown.length > 0) throw new InternalError(`the demo has no script for ${unknown.join(', ')} (src/demo/demo-pairs.ts)`);
    const world = await startEmulatedWorld({ subscribers: count, baseEnv: io.env, nonNumericAccountShare: 0.03 });
    try {
      io.stdout.write(`Config  ${EXAMPLE_CONFIG}: ${pairs.length} pair(s), each run on its own below\n\n`);
      let converged = true;
      for (const pair of pairs) {
        const config = await loadConfig(await world.configFor([pair]), world.env);
        // As plan and apply do: every resolved secret (inventory credentials too) is blanked in logs.
        const logger = await cliLogger(config, values, io, 'warn');
        const rt = await openRuntime(config, { logger });
        try {
          converged = (await runPair(rt, world, DEMO_PAIRS[pair]!, count, io, color)) && converged;
        } finally {
          await rt.close();
        }
      }
      return converged ? EXIT.ok : EXIT.error;
    } finally {
      await world.close();
    }
  },
};

/** Both rounds of one pair; true when the last plan has nothing left to do. */
async function runPair(rt: Runtime, world: EmulatedWorld, demo: DemoPair, count: number, io: CommandIo, color: boolean): Promise<boolean> {
  const say = (s = ''): void => void io.stdout.write(s + '\n');
  say(`━━ ${demo.title} ━━`);
  say(demo.sourceLine(world, count));
  say(demo.targetLine(world));
  say();
  demo.prepare?.(world);
  await step(rt, world, demo, io, color, '1. First plan: everything is new', 8);
  say('2. Meanwhile, in billing:');
  for (const line of demo.play(world, new Date())) say(`   ${line}`);
  say();
  await step(rt, world, demo, io, color, '3. Next plan: only what changed', undefined);
  demo.resetTarget(world);
  const again = await makePlan(rt);
  say(`4. One more plan: ${again.plan.ops.length} change(s); ${demo.targetName} saw ${demo.targetWrites(world)} write call(s) since the last apply.`);
  say();
  return again.plan.ops.length === 0;
}

async function step(rt: Runtime, world: EmulatedWorld, demo: DemoPair, io: CommandIo, color: boolean, title: string, maxEntities: number | undefined): Promise<void> {
  io.stdout.write(`${title}\n\n`);
  const made = await makePlan(rt);
  io.stdout.write(renderText(made.plan, { kinds: rt.kinds, color, ...(maxEntities === undefined ? {} : { maxEntities }) }));
  demo.resetTarget(world);
  const result = await applyPlan(rt, made.plan, { snapshots: made.snapshots });
  io.stdout.write('\n' + renderApplyResult(result));
  io.stdout.write(`${demo.targetName} received ${demo.targetWrites(world)} write call(s).\n\n`);
}
