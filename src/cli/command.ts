/**
 * What a CLI command is: its name, help text, option spec (node:util parseArgs) and handler.
 * The handler returns an exit code; it throws BillsyncError for anything the user must fix.
 */
import type { ParseArgsConfig } from 'node:util';
import type { ExitCode } from './exit-codes.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** For confirmations; absent or not a TTY = nobody to ask. */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

export type ParsedValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Usage line(s) and option descriptions shown by `--help`. */
  readonly help: string;
  readonly options: OptionSpec;
  /** Whether positional arguments are accepted. */
  readonly positionals?: boolean;
  run(values: ParsedValues, positionals: readonly string[], io: CommandIo): Promise<ExitCode>;
}

/** Options every command that reads sync.yaml takes. */
export const CONFIG_OPTIONS: OptionSpec = {
  config: { type: 'string', short: 'c', default: 'sync.yaml' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

export const CONFIG_HELP = `  -c, --config FILE   sync.yaml to use (default: ./sync.yaml)
      --json          machine-readable output (errors too)
  -h, --help          this help`;
