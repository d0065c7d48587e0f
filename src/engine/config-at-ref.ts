/**
 * The configuration as it was at a git ref (or in another directory): sync.yaml, the mapping
 * files it lists and its targets' inventory files, copied into a temporary directory so the
 * normal loader reads them.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { BillsyncError } from '../model/errors.js';

const run = promisify(execFile);

export interface ConfigCopy {
  /** sync.yaml to load. */
  readonly file: string;
  /**
   * Where its relative `${file:…}` secrets are: a copy taken from git has none next to it (secret
   * files are rarely committed), so they are read from the working tree's config directory.
   */
  readonly secretsDir: string;
  cleanup(): Promise<void>;
}

/**
 * `against` is a path to another sync.yaml (used in place) or a git ref (`main`, `HEAD~1`,
 * `origin/main`) at which `configFile`'s repository is read.
 */
export async function configAt(against: string, configFile: string, cwd: string): Promise<ConfigCopy> {
  const asPath = resolve(cwd, against);
  if (existsSync(asPath)) return { file: asPath, secretsDir: dirname(asPath), cleanup: async () => undefined };

  const dir = dirname(configFile);
  const top = (await git(['rev-parse', '--show-toplevel'], dir)).trim();
  const relConfig = relative(top, configFile);
  const out = await mkdtemp(join(tmpdir(), 'billsync-ref-'));
  try {
    const text = await show(against, relConfig, top);
    await writeAt(join(out, relConfig), text);
    const value = parse(text) as { mappings?: unknown; targets?: unknown } | null;
    const mappings = Array.isArray(value?.mappings) ? value.mappings : [];
    // Inventory files (`targets.<name>.inventory`) are part of the configuration too.
    const targets = typeof value?.targets === 'object' && value.targets !== null ? Object.values(value.targets) : [];
    const inventories = targets.map((t) => (t as { inventory?: unknown } | null)?.inventory);
    for (const m of [...mappings, ...inventories]) {
      if (typeof m !== 'string') continue;
      const rel = relative(top, resolve(dir, m));
      await writeAt(join(out, rel), await show(against, rel, top));
    }
    return { file: join(out, relConfig), secretsDir: dir, cleanup: () => rm(out, { recursive: true, force: true }) };
  } catch (err) {
    await rm(out, { recursive: true, force: true });
    throw err;
  }
}

async function show(ref: string, rel: string, top: string): Promise<string> {
  return git(['show', `${ref}:${rel.split('\\').join('/')}`], top);
}

async function git(args: string[], cwd: string): Promise<string> {
  try {
    return (await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim() ?? (err as Error).message;
    throw new BillsyncError('USAGE', `git ${args.join(' ')}: ${stderr}`, {
      fix: 'pass --against a git ref of the repository holding sync.yaml (e.g. main, HEAD~1) or a path to another sync.yaml',
    });
  }
}

async function writeAt(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}
