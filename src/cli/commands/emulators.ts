/**
 * `billsync emulators`: the built-in emulators as a service for an operator's own tests and CI —
 * start the chosen systems on loopback, print the environment sync.yaml.example reads, serve the
 * control API (src/demo/emulator-control.ts) and run until SIGTERM or SIGINT.
 */
import { rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { BillsyncError } from '../../model/errors.js';
import { didYouMean } from '../../util/suggest.js';
import { intOption } from '../int-option.js';
import { CONTROL_PORT_OFFSET, startEmulatorSet, SYSTEMS, type SystemName } from '../../demo/emulator-set.js';
import { startControlServer } from '../../demo/emulator-control.js';

/** The variable holding the control API's URL; printed last, so its presence means "ready". */
export const CONTROL_ENV = 'BILLSYNC_EMULATORS_URL';

export const emulatorsCommand: Command = {
  name: 'emulators',
  summary: 'run the built-in emulators for your own tests and CI, with a control API',
  help: `Usage: billsync emulators [--systems hydra,smarty,…] [--subscribers N] [--port-base P]
                          [--seed S] [--export-file FILE]

Starts the chosen emulators on 127.0.0.1 — billing: hydra, lanbilling, userside (with N
generated subscribers each); platforms: smarty, smotreshka, smartyard — set up as 'billsync
demo' sets them up, and prints 'export NAME=value' lines for the URLs and credentials that
sync.yaml.example reads (HYDRA_URL, HYDRA_PASSWORD, SMARTY_URL, SMARTY_API_KEY, …), the control
API's URL (${CONTROL_ENV}) last. Runs until SIGTERM or SIGINT, then stops them all.
Emulators keep their data in memory only; nothing of yours is contacted.

Control API (JSON; see README "Testing a mapping change end to end"):
  GET  /control/state         per system: URL, record counts, request counters
  POST /control/billing-day   play the demo's billing changes (a tariff switch, a debt block,
                              a new subscriber, …) in the running billing emulators;
                              {"systems":["hydra"]} to pick
  POST /control/fault         {"system":"smarty","status":503,"count":3} fails the next 3
                              requests; also "retryAfter", "pathPrefix" and others per system,
                              {"clear":true}, {"latencyMs":N}, {"expireSessions":true}
  POST /control/reset-stats   zero the request counters

Options:
      --systems LIST      comma-separated systems to start (default: all six)
      --subscribers N     generated subscribers per billing system (default 300)
      --port-base P       fixed ports: the systems on P, P+1, … in the order above, the
                          control API on P+${CONTROL_PORT_OFFSET} (default: free ports, printed)
      --seed S            data generator seed (default 42: the same data every time)
      --export-file FILE  also write the export lines to FILE once everything listens (it
                          appears whole: a script can wait for it). Not --env-file: Node 20
                          takes that flag for itself wherever it stands on the command line
  -h, --help              this help`,
  options: {
    systems: { type: 'string' },
    subscribers: { type: 'string' },
    'port-base': { type: 'string' },
    seed: { type: 'string' },
    'export-file': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  async run(values, _positionals, io) {
    const systems = parseSystems(values.systems);
    const subscribers = intOption(values, 'subscribers', 300, { min: 1, max: 100_000 });
    const portBase = intOption(values, 'port-base', 0, { min: 0, max: 65535 - CONTROL_PORT_OFFSET });
    if (portBase > 0 && portBase < 1024) throw new BillsyncError('USAGE', `--port-base ${portBase} would need privileged ports`, { fix: 'use 1024 or above, e.g. --port-base 18000' });
    const seed = intOption(values, 'seed', 42, { min: 0 });

    const set = await startEmulatorSet({ systems, subscribers, seed, portBase });
    try {
      const control = await startControlServer(set, portBase > 0 ? portBase + CONTROL_PORT_OFFSET : 0);
      try {
        const exports = Object.entries({ ...set.env, [CONTROL_ENV]: control.url }).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
        const text = exports.join('\n') + '\n';
        if (typeof values['export-file'] === 'string') {
          const file = resolve(io.cwd, values['export-file']);
          // Written aside and renamed: a script polling for the file never reads half of it.
          await writeFile(`${file}.tmp`, text);
          await rename(`${file}.tmp`, file);
        }
        io.stdout.write(text);
        io.stderr.write(`billsync emulators: ${systems.join(', ')} running on 127.0.0.1 (${subscribers} subscriber(s) per billing system); control API ${control.url}/control; stop with Ctrl-C or SIGTERM\n`);
        const signal = await untilSignal();
        io.stderr.write(`billsync emulators: ${signal}, stopping\n`);
      } finally {
        await control.close();
      }
    } finally {
      await set.close();
    }
    return EXIT.ok;
  },
};

function parseSystems(value: unknown): SystemName[] {
  if (value === undefined) return [...SYSTEMS];
  const names = String(value).split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  if (names.length === 0) throw new BillsyncError('USAGE', '--systems names no system', { fix: `e.g. --systems ${SYSTEMS.slice(0, 2).join(',')}` });
  for (const n of names) {
    if (!(SYSTEMS as readonly string[]).includes(n)) {
      throw new BillsyncError('USAGE', `unknown system '${n}' in --systems${didYouMean(n, SYSTEMS)}`, { fix: `choose from ${SYSTEMS.join(', ')}` });
    }
  }
  // In the fixed order, so ports follow --port-base the same way whatever order was typed.
  return SYSTEMS.filter((s) => names.includes(s));
}

/** Single-quoted for sh: safe to `eval` or source whatever the value holds. */
function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
      resolve(signal);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}
