/**
 * UserSide's answer envelope (shared/api/userside.md §1): `{"Result":"OK","data":…}` or
 * `{"Result":"ERROR","ErrorText":"…"}`, with the case of every key depending on the version
 * (`result`, `Data`, `error`, `Error`). Pure: the client decides what each answer means.
 */
import { field, isObject, type Json } from './decode.js';

export interface UsAnswer {
  /** `absent` when the body has no Result key at all. */
  readonly result: 'ok' | 'error' | 'absent';
  readonly data: unknown;
  /** The error message (`ErrorText`, `error`, `Error`, `message`), '' when none. */
  readonly errorText: string;
  readonly body: Json;
}

/** The parsed envelope; null when the body is not a JSON object (a proxy's page, PHP's fatal error). */
export function parseAnswer(text: string): UsAnswer | null {
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return null;
  }
  if (!isObject(body)) return null;
  const result = field(body, 'result');
  return {
    result: result === undefined ? 'absent' : typeof result === 'string' && result.trim().toUpperCase() === 'OK' ? 'ok' : 'error',
    data: field(body, 'data'),
    errorText: errorTextOf(body),
    body,
  };
}

function errorTextOf(body: Json): string {
  for (const key of ['ErrorText', 'error', 'message']) {
    const v = field(body, key);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (isObject(v) || Array.isArray(v)) return JSON.stringify(v);
  }
  return '';
}

/** A short, single-line excerpt of a body for error messages. */
export function snippet(body: string): string {
  const s = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return s.length > 200 ? `${s.slice(0, 200)}…` : s || '(empty body)';
}
