/**
 * YAML → plain value that still knows where every node came from. Built on the `yaml` Document
 * API with a LineCounter, so schema, secret and rule errors can name `file:line:col`.
 */
import { readFile } from 'node:fs/promises';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import { BillsyncError, type SourcePosition } from '../model/errors.js';
import type { LoadedYaml, YamlPath } from './types.js';

/** A LoadedYaml that can also point at a map entry's key (for "unknown key" errors). */
export interface YamlDocument extends LoadedYaml {
  /** Position of the key of the entry at `path`; the value's position when it has no key. */
  keyPositionOf(path: YamlPath): SourcePosition;
}

/** Parse result: the document, or every YAML error found in the text. */
export type ParseResult =
  | { readonly ok: true; readonly doc: YamlDocument }
  | { readonly ok: false; readonly errors: readonly BillsyncError[] };

const YAML_FIX = 'fix the YAML syntax at that position (indentation, a missing colon or quote)';

/**
 * Parses YAML text; `file` is used as given in every position. Throws a BillsyncError
 * (CONFIG_YAML) for the first problem; `tryParseYaml` returns all of them instead.
 */
export function parseYaml(text: string, file: string): YamlDocument {
  const r = tryParseYaml(text, file);
  if (!r.ok) throw r.errors[0] ?? new BillsyncError('INTERNAL', 'internal error: YAML parse failed without an error');
  return r.doc;
}

/** Parses YAML text and reports every syntax error and duplicate key, with positions. */
export function tryParseYaml(text: string, file: string): ParseResult {
  const lineCounter = new LineCounter();
  // uniqueKeys flags `a:` twice; keys that differ in YAML but collide in JS (`2:` vs '2':)
  // are caught by findKeyCollisions below, because toJS would silently keep the last one.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const at = (offset: number): SourcePosition => ({ file, ...lineCounter.linePos(offset) });
  // After the first syntax error the parser's further complaints are mostly its consequences
  // (and confuse more than help); duplicate keys are independent, so all of them are kept.
  const firstSyntax = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
  const errors: BillsyncError[] = doc.errors
    .filter((e) => e === firstSyntax || e.code === 'DUPLICATE_KEY')
    .map(
      (e) =>
        new BillsyncError('CONFIG_YAML', yamlMessage(e.code, e.message, text.slice(e.pos[0], e.pos[1])), {
          position: at(skipIndent(text, e.pos[0])),
          fix: e.code === 'DUPLICATE_KEY' ? 'remove or rename one of the duplicate keys' : YAML_FIX,
        }),
    );
  if (errors.length === 0) errors.push(...findKeyProblems(doc, at));
  if (errors.length > 0) return { ok: false, errors };
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  return { ok: true, doc: makeDocument(file, value, doc, at) };
}

/** Reads and parses a YAML file. A missing file → CONFIG_NOT_FOUND; bad YAML → CONFIG_YAML. */
export async function loadYamlFile(file: string): Promise<YamlDocument> {
  return parseYaml(await readText(file), file);
}

/** Reads a config file as text; a missing or unreadable file → CONFIG_NOT_FOUND. */
export async function readText(file: string, fix?: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? 'error'})`;
    throw new BillsyncError('CONFIG_NOT_FOUND', `${what}: ${file}`, {
      fix: fix ?? 'check the path and the file permissions',
      cause: err,
    });
  }
}

/** The same document with another plain value (e.g. after secret resolution). */
export function withValue(doc: YamlDocument, value: unknown): YamlDocument {
  return { ...doc, value };
}

function makeDocument(
  file: string,
  value: unknown,
  doc: Document.Parsed,
  at: (offset: number) => SourcePosition,
): YamlDocument {
  const start = at(0);
  const posOf = (n: Node | Pair | null | undefined): SourcePosition | undefined => {
    const node = isPair(n) ? (n.key as Node | null) : n;
    // An empty value (`key:` and nothing) has a zero-width node after the colon; the key is
    // where a reader looks.
    if (isScalar(node) && node.range && node.range[0] === node.range[1]) return undefined;
    return node?.range ? at(node.range[0]) : undefined;
  };
  return {
    file,
    value,
    positionOf(path) {
      const found = walk(doc, path);
      return posOf(found.node) ?? posOf(found.pair) ?? posOf(found.ancestor) ?? start;
    },
    keyPositionOf(path) {
      const found = walk(doc, path);
      return posOf(found.pair) ?? posOf(found.node) ?? posOf(found.ancestor) ?? start;
    },
  };
}

interface WalkResult {
  /** The node at the path, if the path exists and the value is not empty. */
  readonly node?: Node;
  /** The map entry whose value is the node (for its key position). */
  readonly pair?: Pair;
  /** The deepest node that exists on the way. */
  readonly ancestor?: Node;
}

function walk(doc: Document.Parsed, path: YamlPath): WalkResult {
  let node: Node | null = doc.contents;
  let pair: Pair | undefined;
  let ancestor: Node | undefined;
  for (const seg of path) {
    if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
    if (!node) return { ancestor, pair };
    ancestor = node;
    pair = undefined;
    if (isMap(node)) {
      pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) return { ancestor };
      node = (pair.value as Node | null) ?? null;
    } else if (isSeq(node)) {
      node = (node.items[Number(seg)] as Node | undefined) ?? null;
    } else {
      return { ancestor };
    }
  }
  if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
  return node ? { node, ancestor, ...(pair ? { pair } : {}) } : { ancestor, ...(pair ? { pair } : {}) };
}

/** A map key as the JS object key toJS gives it. */
function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/**
 * Keys that would reach Object.prototype machinery. The yaml package defines them as own
 * properties, but any later `obj[key] = …` copy (secret resolution, spreading defaults) sets the
 * prototype instead and the entry silently disappears — a tariff row or an entity gone without
 * a word. No billsync setting is named so; refusing them is the only safe reading.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Keys that are distinct YAML nodes but become the same JS property (`2:` and `'2':`), and keys
 * in FORBIDDEN_KEYS, in any map at any depth.
 */
function findKeyProblems(doc: Document.Parsed, at: (offset: number) => SourcePosition): BillsyncError[] {
  const errors: BillsyncError[] = [];
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Map<string, Pair>();
      for (const p of node.items) {
        const k = keyText(p.key);
        const first = seen.get(k);
        const keyNode = p.key as Node | null;
        if (FORBIDDEN_KEYS.has(k)) {
          errors.push(
            new BillsyncError('CONFIG_YAML', `the key '${k}' is not allowed`, {
              position: keyNode?.range ? at(keyNode.range[0]) : at(0),
              fix: `rename it: '${k}' is reserved in JavaScript and would be dropped silently, so no billsync file may use it as a key`,
            }),
          );
        } else if (first && keyNode?.range) {
          const f = (first.key as Node | null)?.range;
          const where = f ? ` (first at line ${at(f[0]).line})` : '';
          errors.push(
            new BillsyncError('CONFIG_YAML', `duplicate key '${k}'${where}`, {
              position: at(keyNode.range[0]),
              fix: 'remove or rename one of the duplicate keys',
            }),
          );
        } else seen.set(k, p);
        visit(p.value);
      }
    } else if (isSeq(node)) node.items.forEach(visit);
  };
  visit(doc.contents);
  return errors;
}

/** Bad-indent errors point at the line start; the misplaced text is where the reader looks. */
function skipIndent(text: string, offset: number): number {
  let i = offset;
  while (text.charAt(i) === ' ') i += 1;
  return text.charAt(i) === '\n' || i >= text.length ? offset : i;
}

/** The yaml package's message without its code-frame (we print file:line:col ourselves). */
function yamlMessage(code: string, message: string, source: string): string {
  if (code === 'DUPLICATE_KEY') return `duplicate key '${source.trim()}'`;
  const first = message.split('\n')[0] ?? message;
  return `invalid YAML: ${first.replace(/ at line \d+, column \d+:?$/, '').trim()}`;
}
