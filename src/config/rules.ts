/**
 * Cross-checks that a schema cannot express: names that must match across files and tariff tables that contradict themselves. Each runs on
 * any parsed document and skips the parts whose shape is wrong (the schema reports those), so
 * one run shows rule problems alongside schema problems. Each returns every problem it finds.
 */
import { resolve } from 'node:path';
import { BillsyncError, type SourcePosition } from '../model/errors.js';
import type { LoadedYaml } from './types.js';
import { didYouMean } from '../util/suggest.js';
import { MIN_SECRET_KEY_LENGTH, POSTGRES_KEY_FIX } from '../store/secret-key.js';

const at = (p: SourcePosition): string => `${p.file}:${p.line}:${p.col}`;

type Rec = Readonly<Record<string, unknown>>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const isId = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

/**
 * A PostgreSQL store needs `store.secret_key` (the key of its secret digests must live outside
 * the database, and every instance must share it); a key, when given, must be long enough.
 * Runs after `${…}` resolution; the key's value is never echoed.
 */
export function checkStoreKey(sync: LoadedYaml): BillsyncError[] {
  const store = rec(rec(sync.value).store);
  const key = typeof store.secret_key === 'string' && store.secret_key !== '' ? store.secret_key : undefined;
  if (key !== undefined && key.length < MIN_SECRET_KEY_LENGTH) {
    return [
      new BillsyncError('CONFIG_RULE', `store.secret_key is ${key.length} characters long; it needs at least ${MIN_SECRET_KEY_LENGTH}`, {
        position: sync.positionOf(['store', 'secret_key']),
        path: 'store.secret_key',
        fix: 'generate one with `openssl rand -hex 32` (check what ${…} resolves to)',
      }),
    ];
  }
  const url = store.url;
  if (key === undefined && typeof url === 'string' && /^postgres(ql)?:\/\//.test(url)) {
    return [
      new BillsyncError('CONFIG_RULE', 'store.url is PostgreSQL, but store.secret_key is not set', {
        position: sync.positionOf(['store', 'url']),
        path: 'store.secret_key',
        fix: POSTGRES_KEY_FIX,
      }),
    ];
  }
  return [];
}

/** After `${…}` resolution, every `url` must still be a URL of the right kind. */
export function checkUrls(sync: LoadedYaml): BillsyncError[] {
  const value = rec(sync.value);
  const errors: BillsyncError[] = [];
  const check = (path: string[], url: unknown, ok: (u: URL) => boolean, what: string): void => {
    if (typeof url !== 'string') return;
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (parsed && ok(parsed)) return;
    // The value is not echoed: it may carry a password resolved from the environment.
    errors.push(
      new BillsyncError('CONFIG_RULE', `not ${what}`, { position: sync.positionOf(path), path: path.join('.'), fix: `write ${what} (check what \${…} references resolve to)` }),
    );
  };
  const http = (u: URL): boolean => u.protocol === 'http:' || u.protocol === 'https:';
  for (const side of ['sources', 'targets'] as const) {
    for (const [name, block] of Object.entries(rec(value[side]))) check([side, name, 'url'], rec(block).url, http, 'an http:// or https:// URL');
  }
  const store = rec(value.store).url;
  if (typeof store === 'string' && !store.startsWith('sqlite:')) {
    check(['store', 'url'], store, (u) => u.protocol === 'postgres:' || u.protocol === 'postgresql:', 'a store URL (sqlite:PATH or postgres://…)');
  }
  return errors;
}

/** The same mapping file listed twice would map every subscriber twice. */
export function checkDuplicateMappingFiles(sync: LoadedYaml, dir: string): BillsyncError[] {
  const first = new Map<string, number>();
  const errors: BillsyncError[] = [];
  list(rec(sync.value).mappings).forEach((entry, i) => {
    if (typeof entry !== 'string') return;
    const full = resolve(dir, entry);
    const j = first.get(full);
    if (j === undefined) {
      first.set(full, i);
      return;
    }
    errors.push(
      new BillsyncError('CONFIG_RULE', `mapping file '${entry}' is listed twice (first as mappings.${j} at ${at(sync.positionOf(['mappings', j]))})`, {
        position: sync.positionOf(['mappings', i]),
        path: `mappings.${i}`,
        fix: 'remove the duplicate entry',
      }),
    );
  });
  return errors;
}

/** A mapping must name a source and a target declared in sync.yaml. */
export function checkMappingRefs(mapping: LoadedYaml, sync: LoadedYaml): BillsyncError[] {
  const m = rec(mapping.value);
  const s = rec(sync.value);
  const errors: BillsyncError[] = [];
  for (const [side, name, group] of [['source', m.source, s.sources], ['target', m.target, s.targets]] as const) {
    // A malformed name or a malformed sync.yaml section is already a schema error.
    if (typeof name !== 'string' || typeof group !== 'object' || group === null || Array.isArray(group)) continue;
    const declared = rec(group);
    if (Object.hasOwn(declared, name)) continue;
    const names = Object.keys(declared);
    errors.push(
      new BillsyncError('CONFIG_RULE', `${side} '${name}' is not declared in ${sync.file}${didYouMean(name, names)}`, {
        position: mapping.positionOf([side]),
        path: side,
        fix: `use one of the declared ${side}s (${names.join(', ') || 'none'}) or declare '${name}' under ${side}s: in ${sync.file}`,
      }),
    );
  }
  return errors;
}

/**
 * Within `tariffs`: a source service id may grant only one target tariff, and may not be
 * both mapped and ignored — either contradiction makes the resulting tariff set a guess.
 */
export function checkTariffTable(mapping: LoadedYaml): BillsyncError[] {
  const tariffs = rec(rec(mapping.value).tariffs);
  const errors: BillsyncError[] = [];
  const owner = new Map<string, { tariff: string; index: number }>();
  for (const [tariff, ids] of Object.entries(rec(tariffs.table))) {
    list(ids).forEach((raw, index) => {
      if (!isId(raw)) return;
      const id = String(raw);
      const prev = owner.get(id);
      if (!prev) {
        owner.set(id, { tariff, index });
        return;
      }
      // Listing an id twice under the same tariff is redundant but not contradictory.
      if (prev.tariff === tariff) return;
      const firstPos = mapping.positionOf(['tariffs', 'table', prev.tariff, prev.index]);
      const pos = mapping.positionOf(['tariffs', 'table', tariff, index]);
      errors.push(
        new BillsyncError(
          'CONFIG_RULE',
          `source service id ${id} is mapped to two target tariffs: '${prev.tariff}' (${at(firstPos)}) and '${tariff}' (${at(pos)})`,
          { position: pos, path: `tariffs.table.${tariff}.${index}`, fix: 'keep the id under one target tariff only' },
        ),
      );
    });
  }
  list(tariffs.ignore).forEach((raw, index) => {
    if (!isId(raw)) return;
    const id = String(raw);
    const mapped = owner.get(id);
    if (!mapped) return;
    const mappedPos = mapping.positionOf(['tariffs', 'table', mapped.tariff, mapped.index]);
    errors.push(
      new BillsyncError(
        'CONFIG_RULE',
        `source service id ${id} is both ignored and mapped to target tariff '${mapped.tariff}' (${at(mappedPos)})`,
        { position: mapping.positionOf(['tariffs', 'ignore', index]), path: `tariffs.ignore.${index}`, fix: 'remove it from tariffs.ignore or from tariffs.table' },
      ),
    );
  });
  return errors;
}
