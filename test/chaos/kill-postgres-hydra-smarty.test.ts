/**
 * kill -9 of `billsync apply` at seeded moments, then resume, on the PostgreSQL store (a schema per trial in the `test` database):
 * 5 trials on Hydra → Smarty (see support/kill-trials.ts for what each asserts). The other pair's
 * trials are in kill-postgres-userside-smartyard.test.ts: a file per pair, so they run in parallel workers.
 */
// Spawns bin/billsync.js: this import makes test/global-setup.ts build dist/ first.
import '../support/cli-bin.js';
import { defineKillTrials } from './support/kill-trials.js';

defineKillTrials({ store: 'postgres', trials: { 'hydra-smarty': 5 }, seed: 5_432 });
