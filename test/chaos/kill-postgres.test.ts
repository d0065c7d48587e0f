/**
 * kill -9 of `billsync apply` at seeded moments, then resume, on the PostgreSQL store (a schema
 * per trial in the `test` database): 10 trials, Hydra → Smarty and UserSide → SmartYard (see
 * support/kill-trials.ts for what each asserts).
 */
// Spawns bin/billsync.js: this import makes test/global-setup.ts build dist/ first.
import '../support/cli-bin.js';
import { defineKillTrials } from './support/kill-trials.js';

defineKillTrials({ store: 'postgres', trials: { 'hydra-smarty': 5, 'userside-smartyard': 5 }, seed: 5_432 });
