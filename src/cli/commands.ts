/**
 * Every CLI command, in the order `--help` lists them. Each is loaded only when it runs (or its
 * help is asked for), so `billsync --help`, `--version` and a mistyped command answer without
 * loading the engine, the stores and the HTTP stack.
 */
import type { Command } from './command.js';

export interface CommandEntry {
  readonly name: string;
  /** One line for the command list; the same as the command's own `summary` (a test checks). */
  readonly summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', summary: 'check sync.yaml and its mapping files (schema, secrets, cross-checks, mapping rules)', load: async () => (await import('./commands/validate.js')).validateCommand },
  { name: 'check', summary: 'contact every system read-only and report what works (run this first at an ISP)', load: async () => (await import('./commands/check.js')).checkCommand },
  { name: 'plan', summary: 'show what apply would change on each target (read-only)', load: async () => (await import('./commands/plan.js')).planCommand },
  { name: 'apply', summary: 'plan, then apply the changes to the targets', load: async () => (await import('./commands/apply.js')).applyCommand },
  { name: 'approve', summary: 'apply exactly the destructive changes held back on a target', load: async () => (await import('./commands/approve.js')).approveCommand },
  { name: 'run', summary: 'reconcile continuously: every interval, and on triggers over HTTP', load: async () => (await import('./commands/run.js')).runCommand },
  { name: 'sync', summary: 'sync one subscriber now (through the daemon when one runs)', load: async () => (await import('./commands/sync.js')).syncCommand },
  { name: 'status', summary: 'show recent runs and snapshot sizes from the store, or one run in detail', load: async () => (await import('./commands/status.js')).statusCommand },
  { name: 'upsale', summary: 'list purchases made in the Smotreshka app that the billing has yet to take up', load: async () => (await import('./commands/upsale.js')).upsaleCommand },
  { name: 'explain', summary: 'show where each field of one target entity comes from (desired / snapshot / live)', load: async () => (await import('./commands/explain.js')).explainCommand },
  { name: 'impact', summary: 'split a plan into what a mapping change causes and what billing data causes', load: async () => (await import('./commands/impact.js')).impactCommand },
  { name: 'test', summary: 'run mapping fixture tests offline (mappings/*.test.yaml)', load: async () => (await import('./commands/test.js')).testCommand },
  { name: 'demo', summary: 'run plan and apply against built-in emulators, pair by pair (no setup needed)', load: async () => (await import('./commands/demo.js')).demoCommand },
  { name: 'emulators', summary: 'run the built-in emulators for your own tests and CI, with a control API', load: async () => (await import('./commands/emulators.js')).emulatorsCommand },
];
