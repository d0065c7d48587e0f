/** Stable hashing of entities and plain data (key order never matters). */
import { createHash } from 'node:crypto';
import type { Entity } from './entity.js';

/** JSON with object keys sorted, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of what an entity holds: attrs, sets and parent (not its origin or remote id). */
export function entityHash(e: Pick<Entity, 'attrs' | 'sets' | 'parent'>): string {
  return createHash('sha1')
    .update(canonicalJson({ a: e.attrs, s: e.sets, p: e.parent ?? null }))
    .digest('hex');
}

// Secret attribute values: model/secret-digest.ts (keyed digests under the store's key).
