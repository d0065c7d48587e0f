/** Every CLI command, in the order `--help` lists them. */
import type { Command } from './command.js';
import { validateCommand } from './commands/validate.js';
import { checkCommand } from './commands/check.js';
import { planCommand } from './commands/plan.js';
import { applyCommand } from './commands/apply.js';
import { approveCommand } from './commands/approve.js';
import { statusCommand } from './commands/status.js';
import { demoCommand } from './commands/demo.js';
import { testCommand } from './commands/test.js';
import { explainCommand } from './commands/explain.js';
import { impactCommand } from './commands/impact.js';
import { runCommand } from './commands/run.js';
import { syncCommand } from './commands/sync.js';

export const COMMANDS: readonly Command[] = [validateCommand, checkCommand, planCommand, applyCommand, approveCommand, runCommand, syncCommand, statusCommand, explainCommand, impactCommand, testCommand, demoCommand];
