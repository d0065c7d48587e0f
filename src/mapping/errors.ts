/**
 * Errors of the mapping engine itself. Neither reaches the user as is: compile turns
 * `TemplateSyntaxError` into a positioned `BillsyncError`, and `map` turns `MappingValueError`
 * into the reason a subscriber is skipped.
 */

/** A template or path that does not parse; `col` is 1-based inside the template text. */
export class TemplateSyntaxError extends Error {
  readonly col: number;
  constructor(message: string, col: number) {
    super(message);
    this.name = 'TemplateSyntaxError';
    this.col = col;
  }
}

/** A value that a function or a template cannot handle, met while mapping one subscriber. */
export class MappingValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingValueError';
  }
}

/** Short description of a value for messages: `'ЛС-17'`, `17`, `a list`, `an object`. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 57)}...` : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return 'an object';
}
