/**
 * kill -9 of `billsync apply` at seeded moments, then resume, on the SQLite store: 20 trials,
 * Hydra → Smarty and UserSide → SmartYard (see support/kill-trials.ts for what each asserts).
 */
// Spawns bin/billsync.js: this import makes test/global-setup.ts build dist/ first.
import '../support/cli-bin.js';
import { defineKillTrials } from './support/kill-trials.js';

defineKillTrials({ store: 'sqlite', trials: { 'hydra-smarty': 10, 'userside-smartyard': 10 }, seed: 20_251 });
