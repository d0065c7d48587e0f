/**
 * Whole-number options (`--runs 5`, `--subscribers 300`): anything else is a usage error naming
 * the option, never silently replaced by a default (`--runs abc` listing 10 runs hides the typo).
 */
import { BillsyncError } from '../model/errors.js';
import type { ParsedValues } from './command.js';

export interface IntRange {
  readonly min: number;
  readonly max?: number;
}

/** The option's value as an integer within `range`; `fallback` when it was not given. */
export function intOption(values: ParsedValues, name: string, fallback: number, range: IntRange): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const text = String(raw).trim();
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(n) || n < range.min || n > max) {
    const bounds = range.max === undefined ? `at least ${range.min}` : `from ${range.min} to ${range.max}`;
    throw new BillsyncError('USAGE', `--${name} must be a whole number ${bounds} (got '${text}')`, { fix: `e.g. --${name} ${fallback}` });
  }
  return n;
}
