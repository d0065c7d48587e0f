/**
 * The CLI's front door, in-process (no spawn, no build): --version, help, did-you-mean for
 * commands and flags, strict whole-number options, --json against --format, and the lazy
 * command registry agreeing with the commands it loads.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { COMMANDS } from '../../../src/cli/commands.js';
import type { CommandIo } from '../../../src/cli/command.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function sink(): Writable & { text(): string } {
  let text = '';
  const w = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return Object.assign(w, { text: () => text });
}

async function cli(...argv: string[]) {
  const stdout = sink();
  const stderr = sink();
  const io: CommandIo = { stdout, stderr, env: {}, cwd: '/nonexistent-billsync-test' };
  const code = await main(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('billsync CLI front door', () => {
  it('prints the package version for --version and -V', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await cli(flag);
      expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  });

  it('lists every command with its summary, and help COMMAND prints that command\'s help', async () => {
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const c of COMMANDS) expect(top.stdout).toContain(`  ${c.name.padEnd(10)} ${c.summary}`);
    const help = await cli('help', 'status');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: billsync status \[RUN_ID\]/);
  });

  it('suggests the command meant by a typo, in help too', async () => {
    const r = await cli('plna');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown command 'plna' — did you mean 'plan'?");
    const h = await cli('help', 'stauts');
    expect(h.code).toBe(1);
    expect(h.stderr).toContain("did you mean 'status'?");
  });

  it('suggests the flag meant by a typo', async () => {
    const r = await cli('plan', '--detaild-exitcode');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown option '--detaild-exitcode' for 'billsync plan' — did you mean '--detailed-exitcode'?");
  });

  it('refuses a whole-number option that is not one, naming it', async () => {
    for (const [argv, name] of [
      [['status', '--runs', 'abc'], '--runs'],
      [['status', '--runs', '2.5'], '--runs'],
      [['status', '--runs', '0'], '--runs'],
      [['demo', '--subscribers', '12abc'], '--subscribers'],
      [['emulators', '--port-base=70000'], '--port-base'],
    ] as const) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`error: ${name} must be a whole number`));
    }
  });

  it('names the system meant by a typo in emulators --systems', async () => {
    const r = await cli('emulators', '--systems', 'hydra,smarti');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown system 'smarti' in --systems — did you mean 'smarty'?");
  });

  it('takes --json as --format json and refuses it beside another --format, as JSON', async () => {
    const r = await cli('plan', '--json', '--format', 'markdown');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; errors: { code: string; message: string }[] };
    expect(out.ok).toBe(false);
    expect(out.errors[0]!.message).toBe('--json means --format json, which contradicts --format markdown');
    // --format json alone also answers errors as JSON (here: no sync.yaml).
    const missing = await cli('plan', '--format', 'json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).ok).toBe(false);
    const unknown = await cli('plan', '--format', 'markdwn');
    expect(unknown.stderr).toContain("unknown --format 'markdwn' — did you mean 'markdown'?");
  });

  it('registers each command under its own name and summary', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary).toBe(entry.summary);
      expect(command.help).toMatch(new RegExp(`^Usage: billsync ${entry.name}\\b`));
    }
  });
});
