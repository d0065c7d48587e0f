/**
 * The console tests' world: the Hydra and Smarty emulators, a daemon in-process on a free
 * loopback port with the console on, a mapping that gives every Smarty account a (secret)
 * password, a delete cap of 1 so that a few customers leaving Hydra are held back, and every
 * log line captured (actions must be logged with who and what).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config/index.js';
import { startDaemon, type Daemon } from '../../../src/daemon/daemon.js';
import { startEmulatedWorld, type EmulatedWorld } from '../../../src/demo/emulated-world.js';
import { createLogger } from '../../../src/util/logger.js';
import { TOKEN, waitFor, writeConfigDir, type ConfigDir } from '../daemon-support/setup.js';
import { LOOPBACK_RATE } from '../../support/loopback-rate.js';

/** The Smarty account password every account gets: it must never reach a page. */
export const SECRET_PASSWORD = '918273';

export interface ConsoleWorld {
  readonly world: EmulatedWorld;
  readonly daemon: Daemon;
  readonly cfg: ConfigDir;
  /** Log lines (parsed JSON) so far. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startConsoleWorld(opts: { subscribers?: number; seed?: number; interval?: string; daemon?: string } = {}): Promise<ConsoleWorld> {
  // customerProfile: Smarty answers customer names (undocumented), so a rename on the platform
  // shows as drift on the Drift page.
  const world = await startEmulatedWorld({ rate: LOOPBACK_RATE, subscribers: opts.subscribers ?? 30, seed: opts.seed ?? 21, smarty: { customerProfile: true } });
  const cfg = await writeConfigDir({ interval: opts.interval ?? '1s' });
  const mappingFile = join(cfg.dir, 'mappings', 'hydra-smarty.yaml');
  const mapping = await readFile(mappingFile, 'utf8');
  await writeFile(mappingFile, mapping.replace("      account_ext_id: '{{ id }}'\n", `      account_ext_id: '{{ id }}'\n      password: ${SECRET_PASSWORD}\n`));
  const sync = (await readFile(cfg.file, 'utf8')).replace('max_deletes: 100', 'max_deletes: 1');
  await writeFile(cfg.file, sync + (opts.daemon ?? ''));
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = await loadConfig(cfg.file, { ...world.env, BILLSYNC_TOKEN: TOKEN });
  const daemon = await startDaemon(config, {
    logger: createLogger({ level: 'info', destination: sink }),
    exit: (code) => {
      throw new Error(`the watchdog forced exit(${code})`);
    },
  });
  await waitFor('first reconcile of smarty', () => daemon.health().targets.smarty?.lastSuccessAt, 20_000).catch((err: Error) => {
    throw new Error(`${err.message}; warnings and errors logged:\n${JSON.stringify(logs.filter((l) => Number(l.level) >= 40).slice(0, 5), null, 1)}`);
  });
  return {
    world,
    daemon,
    cfg,
    logs,
    async close() {
      await daemon.shutdown('test over');
      daemon.lifecycle.disarm();
      await world.close();
      await cfg.remove();
    },
  };
}

/** Removes `n` customers Smarty has from Hydra and waits until the daemon holds their deletes back. */
export async function holdBackDeletes(cw: ConsoleWorld, n: number): Promise<{ ids: number[]; hash: string }> {
  const inSmarty = new Set([...cw.world.smarty.state.customers.values()].map((c) => c.ext_id));
  const ids = cw.world.hydra.state.all().filter((c) => inSmarty.has(String(c.id))).slice(0, n).map((c) => c.id);
  for (const id of ids) cw.world.hydra.state.removeCustomer(id);
  const held = await waitFor('deletes held back', () => cw.daemon.health().targets.smarty?.heldBack, 20_000, 50);
  return { ids, hash: held.hash };
}
