/**
 * kill -9 of `billsync apply` at seeded moments, then resume, on the SQLite store:
 * 10 trials on Hydra → Smarty (see support/kill-trials.ts for what each asserts). The other pair's
 * trials are in kill-sqlite-userside-smartyard.test.ts: a file per pair, so they run in parallel workers.
 */
// Spawns bin/billsync.js: this import makes test/global-setup.ts build dist/ first.
import '../support/cli-bin.js';
import { defineKillTrials } from './support/kill-trials.js';

defineKillTrials({ store: 'sqlite', trials: { 'hydra-smarty': 10 }, seed: 20_251 });
