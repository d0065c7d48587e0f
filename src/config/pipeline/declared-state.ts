/**
 * Stage 6, adapter-declared state: for each target whose adapter declares a state file
 * (config/adapter-descriptor.ts DeclaredStateSpec, e.g. SmartYard's `inventory:`) and whose block
 * names one, the adapter loads it. Errors, secrets and the hash input are collected like the
 * rest of the configuration's.
 */
import { relative, resolve } from 'node:path';
import { findTarget } from '../../targets/registry.js';
import type { DeclaredState } from '../adapter-descriptor.js';
import type { YamlDocument } from '../load.js';
import { displayPath, isRecord, type LoadContext } from './context.js';

export interface DeclaredStates {
  /** By target name. */
  readonly states: Readonly<Record<string, DeclaredState>>;
  /** What the config hash covers, per file (secret values as digests). */
  readonly hashInput: readonly { readonly target: string; readonly file: string; readonly entities: unknown }[];
}

export async function loadDeclaredStates(ctx: LoadContext, sync: YamlDocument): Promise<DeclaredStates> {
  const states: Record<string, DeclaredState> = {};
  const hashInput: { target: string; file: string; entities: unknown }[] = [];
  const targets = (sync.value as { targets?: unknown } | null)?.targets;
  for (const [name, block] of Object.entries(isRecord(targets) ? targets : {})) {
    const spec = isRecord(block) && typeof block.type === 'string' ? findTarget(block.type)?.declaredState : undefined;
    const ref = spec && isRecord(block) ? block[spec.option] : undefined;
    // The schema refuses the key on other types, and a value that is not a path.
    if (!spec || typeof ref !== 'string' || ref.trim() === '') continue;
    const path = ['targets', name, spec.option];
    const full = resolve(ctx.dir, ref);
    ctx.files.push(displayPath(full));
    const r = await spec.load({
      target: name,
      file: full,
      display: displayPath(full),
      env: ctx.env,
      baseDir: ctx.secretsDir,
      namedAt: { position: sync.positionOf(path), path: path.join('.') },
    });
    ctx.errors.push(...r.errors);
    for (const s of r.secretValues) ctx.secrets.add(s);
    if (r.state) {
      states[name] = r.state;
      hashInput.push({ target: name, file: relative(ctx.dir, full), entities: r.hashInput });
    }
  }
  return { states, hashInput };
}
