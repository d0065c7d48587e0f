/** Shared set-up of the commands that read sync.yaml: resolve its path, load it, open a runtime. */
import { resolve } from 'node:path';
import { loadConfig } from '../config/index.js';
import type { SyncConfig } from '../config/types.js';
import { openRuntime, type Runtime } from '../engine/runtime.js';
import type { Logger } from '../util/logger.js';
import type { CommandIo, ParsedValues } from './command.js';
import { createCliLogger } from './log-destination.js';
import { useColor } from './color.js';
import { cliProgress, type CliProgress } from './progress.js';

export async function loadCliConfig(values: ParsedValues, io: CommandIo): Promise<SyncConfig> {
  const file = resolve(io.cwd, String(values.config ?? 'sync.yaml'));
  return loadConfig(file, io.env);
}

/**
 * The command's logger: stderr, pretty on a terminal, JSON otherwise, with every resolved secret
 * (sync.yaml's and the inventories') blanked. Level from BILLSYNC_LOG_LEVEL, else `level`.
 */
export function cliLogger(config: SyncConfig, values: ParsedValues, io: CommandIo, level: string): Promise<Logger> {
  return createCliLogger(io, { level: io.env.BILLSYNC_LOG_LEVEL ?? level, secrets: config.secretValues, color: useColor(io.stderr, values, io.env) });
}

export async function openCliRuntime(values: ParsedValues, io: CommandIo): Promise<Runtime> {
  const config = await loadCliConfig(values, io);
  // Reports go to stdout; logs to stderr, quiet by default for interactive commands.
  return openRuntime(config, { logger: await cliLogger(config, values, io, 'warn') });
}

/** Read and apply progress on stderr (progress.ts); nothing with --quiet or --json. */
export function progressFor(values: ParsedValues, io: CommandIo): CliProgress {
  return cliProgress(io.stderr, { quiet: values.quiet === true || values.json === true });
}
