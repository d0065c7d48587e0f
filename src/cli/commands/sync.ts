/** `billsync sync`: sync one subscriber now — through the running daemon, else locally. */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { cliLogger, loadCliConfig } from '../context.js';
import { BillsyncError, DaemonUnreachableError } from '../../model/errors.js';
import { DEFAULT_DAEMON } from '../../config/daemon.js';
import { daemonUrlFromListen, postTrigger } from '../../daemon/client.js';
import { syncLocally } from '../../daemon/local-sync.js';
import { renderTriggerResult } from '../../daemon/render-trigger.js';
import type { TriggerResult } from '../../daemon/trigger.js';

export const syncCommand: Command = {
  name: 'sync',
  summary: 'sync one subscriber now (through the daemon when one runs)',
  help: `Usage: billsync sync --source NAME --id ID [-c sync.yaml] [--daemon URL | --local] [--json]

Plans and applies the changes for one subscriber on every target its source feeds — what a
billing event handler calls when a subscriber changes. When a daemon answers on daemon.listen
(or --daemon URL), the request goes to it (POST /v1/sync with daemon.token) and waits for the
outcome; when none answers, the sync runs here, under the same rules (refused on a SQLite store
a daemon owns; targets another daemon leads on PostgreSQL are skipped).
Exit 0 when applied, 3 when some entity failed, 1 on errors or when nothing could be applied.

Options:
      --source NAME   source name in sync.yaml (e.g. hydra)
      --id ID         the subscriber's id in that source (Hydra: customer id, $USER_ID)
      --daemon URL    the daemon to ask (default: http://<daemon.listen>)
      --local         do not ask a daemon; sync in this process
${CONFIG_HELP}`,
  options: { ...CONFIG_OPTIONS, source: { type: 'string' }, id: { type: 'string' }, daemon: { type: 'string' }, local: { type: 'boolean', default: false } },
  async run(values, _positionals, io) {
    const source = typeof values.source === 'string' ? values.source : '';
    const id = typeof values.id === 'string' ? values.id.trim() : '';
    if (source === '' || id === '') throw new BillsyncError('USAGE', 'sync needs --source and --id', { fix: 'e.g. billsync sync --source hydra --id 123' });
    if (values.local && typeof values.daemon === 'string') throw new BillsyncError('USAGE', '--local and --daemon contradict each other', { fix: 'pass one of them' });
    const config = await loadCliConfig(values, io);
    const settings = config.daemon ?? DEFAULT_DAEMON;
    const url = typeof values.daemon === 'string' ? values.daemon : daemonUrlFromListen(settings.listen);

    if (!values.local && url !== null) {
      const answer = await postTrigger(url, settings.token, source, id, { timeoutMs: 75_000 });
      switch (answer.kind) {
        case 'result':
          return report(answer.result, `via daemon ${url}, request ${answer.result.requestId}`, values.json === true, io);
        case 'queued':
          io.stdout.write(values.json ? JSON.stringify({ status: 'queued', requestId: answer.requestId, note: answer.note }) + '\n' : `queued at the daemon (request ${answer.requestId}): ${answer.note}\n`);
          return EXIT.ok;
        case 'refused':
          throw new BillsyncError('USAGE', `the daemon at ${url} refused the trigger (HTTP ${answer.status}): ${answer.error}`, {
            fix: answer.status === 401 || answer.status === 403 ? 'use the same daemon.token as the daemon (same sync.yaml and environment)' : answer.status === 503 ? 'the daemon is shutting down: retry in a moment' : 'check --source and --id',
          });
        case 'unreachable':
          // Said on stderr so scripts see why, without polluting the report on stdout.
          if (typeof values.daemon === 'string') throw new DaemonUnreachableError(String(url), answer.reason, { fix: 'start it (billsync run), check the URL, or drop --daemon to sync locally' });
          io.stderr.write(`no daemon answers at ${url} (${answer.reason}); syncing locally\n`);
      }
    }
    const logger = await cliLogger(config, values, io, 'warn');
    const result = await syncLocally(config, source, id, logger);
    return report(result, 'locally', values.json === true, io);
  },
};

function report(r: TriggerResult, via: string, json: boolean, io: { stdout: NodeJS.WritableStream }): ExitCode {
  io.stdout.write(json ? JSON.stringify({ via, ...r }, null, 2) + '\n' : renderTriggerResult(r, via));
  if (r.status === 'ok') return EXIT.ok;
  const applied = r.targets.some((t) => 'ops' in t);
  return applied ? EXIT.partial : EXIT.error;
}
