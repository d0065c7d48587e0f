/**
 * The `billsync` command: dispatches to one file per command, each loaded only when it runs.
 * This top-level handler owns exit codes and error output (report-error.ts): BillsyncErrors
 * print what to fix; InternalErrors and anything else are reported as bugs.
 */
import { parseArgs } from 'node:util';
import { BillsyncError } from '../model/errors.js';
import { didYouMean } from '../util/suggest.js';
import type { Command, CommandIo } from './command.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { reportError } from './report-error.js';
import { COMMANDS, type CommandEntry } from './commands.js';
import { billsyncVersion } from './version.js';
import { readHelpManifest } from './help-manifest.js';

const usage = (): string => `billsync ${billsyncVersion()} — declarative sync from ISP billing systems to service platforms

Usage: billsync <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'billsync help <command>' (or 'billsync <command> --help') for a command's options,
'billsync --version' for the version.
Exit codes: 0 ok / no changes, 1 error, 2 changes present (plan --detailed-exitcode),
3 apply finished with failed entities, 4 destructive changes held back by the safety gates
(plan --detailed-exitcode, apply, approve), 130 interrupted.`;

export async function main(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  const wantsJson = rest.includes('--json') || formatIsJson(rest);
  try {
    if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
      io.stdout.write(usage() + '\n');
      return name === undefined ? EXIT.error : EXIT.ok;
    }
    if (name === '--version' || name === '-V') {
      io.stdout.write(billsyncVersion() + '\n');
      return EXIT.ok;
    }
    if (name === 'help') {
      io.stdout.write((await helpOf(find(rest[0]!))) + '\n');
      return EXIT.ok;
    }
    const entry = find(name);
    if (asksHelp(rest)) {
      io.stdout.write((await helpOf(entry)) + '\n');
      return EXIT.ok;
    }
    const command = await entry.load();
    const { values, positionals } = parse(command, rest);
    if (values.help) {
      io.stdout.write(command.help + '\n');
      return EXIT.ok;
    }
    return await command.run(values, positionals, io);
  } catch (err) {
    return reportError(err, io, wantsJson);
  }
}

/** `--help` / `-h` among the options (not after `--`, where it would be a positional). */
function asksHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** A command's help: from the build's manifest when there is one, else from the command. */
async function helpOf(entry: CommandEntry): Promise<string> {
  return readHelpManifest(billsyncVersion())?.help[entry.name] ?? (await entry.load()).help;
}

function find(name: string): CommandEntry {
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry) return entry;
  const names = COMMANDS.map((c) => c.name);
  const hint = name.startsWith('-') ? didYouMean(name, ['--help', '--version']) : didYouMean(name, names);
  throw new BillsyncError('USAGE', `unknown command '${name}'${hint}`, { fix: `run 'billsync --help' for the commands: ${names.join(', ')}` });
}

/** `--format json` / `--format=json`: the caller wants errors as JSON too. */
function formatIsJson(args: readonly string[]): boolean {
  return args.some((a, i) => a === '--format=json' || (a === '--format' && args[i + 1] === 'json'));
}

function parse(command: Command, args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: command.options, allowPositionals: command.positionals === true, strict: true });
  } catch (err) {
    throw new BillsyncError('USAGE', withSuggestion((err as Error).message, command), { fix: `run 'billsync help ${command.name}'` });
  }
}

/** node:util's "Unknown option '--detaild-exitcode'…" plus the option the user probably meant. */
function withSuggestion(message: string, command: Command): string {
  const unknown = /^Unknown option '(-{1,2})([^'=]+)'/.exec(message);
  if (!unknown) return message;
  const flag = `${unknown[1]}${unknown[2]}`;
  const long = Object.keys(command.options).map((o) => `--${o}`);
  const hint = didYouMean(unknown[1] === '-' ? `--${unknown[2]}` : flag, long);
  return `unknown option '${flag}' for 'billsync ${command.name}'${hint}`;
}
