/** Shared set-up of the commands that read sync.yaml: resolve its path, load it, open a runtime. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import type { SyncConfig } from '../config/types.js';
import { openRuntime, type Runtime } from '../engine/runtime.js';
import { createLogger } from '../util/logger.js';
import { redactingStream } from '../daemon/redacting-stream.js';
import type { CommandIo, ParsedValues } from './command.js';

export async function loadCliConfig(values: ParsedValues, io: CommandIo): Promise<SyncConfig> {
  const file = resolve(io.cwd, String(values.config ?? 'sync.yaml'));
  return loadConfig(file, io.env);
}

export async function openCliRuntime(values: ParsedValues, io: CommandIo): Promise<Runtime> {
  const config = await loadCliConfig(values, io);
  // Reports go to stdout; logs to stderr, quiet by default for interactive commands, with every
  // resolved secret (sync.yaml's and the inventories' credentials) blanked as in `run` and `sync`.
  const logger = createLogger({ level: io.env.BILLSYNC_LOG_LEVEL ?? 'warn', destination: redactingStream(io.stderr, config.secretValues) });
  return openRuntime(config, { logger });
}

/** Writes a progress line on a terminal; nothing when stderr is not a TTY. */
export function progressWriter(io: CommandIo, label: string): ((p: { done: number; total: number }) => void) | undefined {
  if (!io.stderr.isTTY) return undefined;
  let last = 0;
  return ({ done, total }) => {
    const now = Date.now();
    if (done !== total && now - last < 100) return;
    last = now;
    io.stderr.write(`\r${label} ${done}/${total}${done === total ? '\n' : ''}`);
  };
}
