/** `billsync run`: the reconcile daemon (see src/daemon/). */
import type { Command } from '../command.js';
import { CONFIG_HELP, CONFIG_OPTIONS } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { cliLogger, loadCliConfig } from '../context.js';
import { startDaemon } from '../../daemon/daemon.js';
import { onShutdownSignals } from '../../daemon/signals.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'reconcile continuously: every interval, and on triggers over HTTP',
  help: `Usage: billsync run [-c sync.yaml] [--listen HOST:PORT]

Runs until SIGTERM or SIGINT. Every target is reconciled on its own schedule (daemon.interval,
or daemon.targets.NAME.interval; started up to daemon.jitter of it early, never late) exactly as
'billsync apply' would, with the same safety gates. A target that keeps failing is backed off
(circuit breaker; /healthz shows it) while the others go on.

HTTP on daemon.listen (default 127.0.0.1:8089):
  POST /v1/sync {"source":"hydra","id":"123"}   sync one subscriber now (Authorization:
                                                 Bearer <daemon.token>); 202 + request id,
                                                 or the outcome with ?wait=1
  GET  /healthz   /readyz   /metrics (Prometheus)
  GET  /ui/       the web console (daemon.ui; on by default on loopback): targets, runs,
                  held-back changes to approve, subscriber search and explain, drift

Several daemons may share a PostgreSQL store: each target has one leader at a time, and another
takes over within a few seconds when it dies. On SQLite a second process is refused.
SIGTERM/SIGINT: stop taking work, let in-flight ops finish and commit (up to
daemon.shutdown_timeout), then exit; a second signal exits at once.
Logs on stderr (BILLSYNC_LOG_LEVEL, default info), secrets redacted: pino JSON, or readable
lines when stderr is a terminal (coloured unless --no-color or NO_COLOR).

Options:
      --listen HOST:PORT   listen here instead of daemon.listen (port 0 picks a free port)
      --no-color           no colours in the logs on a terminal
${CONFIG_HELP}`,
  options: { ...CONFIG_OPTIONS, listen: { type: 'string' }, 'no-color': { type: 'boolean', default: false } },
  async run(values, _positionals, io) {
    const config = await loadCliConfig(values, io);
    const logger = await cliLogger(config, values, io, 'info');
    const daemon = await startDaemon(config, { logger, ...(typeof values.listen === 'string' ? { listen: values.listen } : {}) });
    await new Promise<void>((resolve) => {
      const off = onShutdownSignals((reason) => {
        void daemon.shutdown(reason).finally(() => {
          off();
          resolve();
        });
      }, logger);
    });
    return EXIT.ok;
  },
};
