/**
 * The `billsync` command: dispatches to one file per command. This top-level handler owns exit
 * codes and error output: BillsyncErrors print what to fix; anything else is reported as a bug.
 */
import { parseArgs } from 'node:util';
import { BillsyncError } from '../model/errors.js';
import type { Command, CommandIo } from './command.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { COMMANDS } from './commands.js';

const USAGE = `billsync — declarative sync from ISP billing systems to service platforms

Usage: billsync <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'billsync <command> --help' for a command's options.
Exit codes: 0 ok / no changes, 1 error, 2 changes present (plan --detailed-exitcode),
3 apply finished with failed entities, 4 destructive changes held back by the safety gates
(plan --detailed-exitcode, apply, approve), 130 interrupted.`;

export async function main(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE + '\n');
    return name === undefined ? EXIT.error : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const wantsJson = rest.includes('--json');
  if (!command) {
    return report(new BillsyncError('USAGE', `unknown command '${name}'`, { fix: `run 'billsync --help' for the commands: ${COMMANDS.map((c) => c.name).join(', ')}` }), io, wantsJson);
  }
  try {
    const { values, positionals } = parse(command, rest);
    if (values.help) {
      io.stdout.write(command.help + '\n');
      return EXIT.ok;
    }
    return await command.run(values, positionals, io);
  } catch (err) {
    return report(err, io, wantsJson);
  }
}

function parse(command: Command, args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: command.options, allowPositionals: command.positionals === true, strict: true });
  } catch (err) {
    throw new BillsyncError('USAGE', (err as Error).message, { fix: `run 'billsync ${command.name} --help'` });
  }
}

function report(err: unknown, io: CommandIo, json: boolean): ExitCode {
  if (err instanceof BillsyncError) {
    if (json) {
      const errors = 'errors' in err && Array.isArray(err.errors) ? (err.errors as BillsyncError[]) : [err];
      io.stdout.write(JSON.stringify({ ok: false, errors: errors.map(toJson) }, null, 2) + '\n');
    } else {
      io.stderr.write(`error: ${err.format()}\n`);
    }
    return EXIT.error;
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  if (json) io.stdout.write(JSON.stringify({ ok: false, errors: [{ code: 'INTERNAL', message: String(err) }] }) + '\n');
  io.stderr.write(`internal error — this is a bug in billsync, please report it with the output below:\n${message}\n`);
  return EXIT.error;
}

function toJson(e: BillsyncError) {
  return { code: e.code, message: e.message, position: e.position, path: e.path, fix: e.fix };
}
