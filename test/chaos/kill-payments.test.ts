/**
 * kill -9 of `billsync apply` with payments and set-top boxes (Hydra → Smarty, `transactions:`
 * and `devices:` in the mapping): each trial kills at a transaction/create — before Smarty sees
 * it, after Smarty booked it but before billsync read the answer, a few ms after, one each —
 * and one in two kills the resuming apply too, anywhere. Resume, then: every payment on Smarty
 * exactly once (by ext_id), no box bound twice or to another subscriber's account, one more
 * apply writes nothing, `plan --refresh` plans nothing. 3 trials on SQLite, 3 on PostgreSQL, 10
 * subscribers (support/kill-trials.ts, support/lists.ts).
 */
// Spawns bin/billsync.js: this import makes test/global-setup.ts build dist/ first.
import '../support/cli-bin.js';
import { defineKillTrials } from './support/kill-trials.js';

const TRIAL_TIMEOUT_MS = 60_000;

defineKillTrials({ store: 'sqlite', trials: { 'hydra-smarty': 3 }, seed: 1_818, lists: true, subscribers: 10, trialTimeoutMs: TRIAL_TIMEOUT_MS });
defineKillTrials({ store: 'postgres', trials: { 'hydra-smarty': 3 }, seed: 1_819, lists: true, subscribers: 10, trialTimeoutMs: TRIAL_TIMEOUT_MS });
