/**
 * Tokenizer of the template expression language: the text between `{{` and `}}`
 * (or a whole filter field path). Columns are 1-based offsets into the template text.
 */
import { TemplateSyntaxError } from './errors.js';

export type TokenType =
  | 'ident' // a name or a path segment after '.', e.g. `name`, `0`, `vc_code`
  | 'number'
  | 'string'
  | 'pipe'
  | 'dot'
  | 'comma'
  | 'lparen'
  | 'rparen'
  | 'close' // `}}`
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Identifier text, string contents (unescaped), or the number's text. */
  readonly text: string;
  /** 1-based column of the token's first character in the template. */
  readonly col: number;
}

const IDENT_START = /[A-Za-z_]/;
const SEGMENT_CHAR = /[A-Za-z0-9_-]/;
const DIGIT = /[0-9]/;
const PUNCTUATION: Readonly<Record<string, TokenType>> = {
  '|': 'pipe',
  '.': 'dot',
  ',': 'comma',
  '(': 'lparen',
  ')': 'rparen',
};
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"' };

/**
 * Reads tokens from `src` starting at `start`. With `untilClose`, stops after the first `}}`
 * outside a string literal (and fails if there is none); otherwise reads to the end.
 * Returns the tokens (ending with `close` or `eof`) and the offset just past them.
 */
export function tokenize(
  src: string,
  start: number,
  untilClose: boolean,
): { readonly tokens: readonly Token[]; readonly end: number } {
  const tokens: Token[] = [];
  let i = start;
  const push = (type: TokenType, text: string, at: number): void => {
    tokens.push({ type, text, col: at + 1 });
  };
  while (i < src.length) {
    const c = src.charAt(i);
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '}' && src.charAt(i + 1) === '}') {
      if (!untilClose) throw new TemplateSyntaxError("unexpected '}}'", i + 1);
      push('close', '}}', i);
      return { tokens, end: i + 2 };
    }
    const prev = tokens[tokens.length - 1];
    // After a '.', a path segment may start with a digit (`services.0.id`): read it as a
    // segment, so `0.1` in a path is never taken for a decimal number.
    if (prev?.type === 'dot' && SEGMENT_CHAR.test(c)) {
      const at = i;
      while (i < src.length && SEGMENT_CHAR.test(src.charAt(i))) i++;
      push('ident', src.slice(at, i), at);
      continue;
    }
    if (IDENT_START.test(c)) {
      const at = i;
      while (i < src.length && SEGMENT_CHAR.test(src.charAt(i))) i++;
      push('ident', src.slice(at, i), at);
      continue;
    }
    if (DIGIT.test(c) || (c === '-' && DIGIT.test(src.charAt(i + 1)))) {
      const at = i;
      i++;
      while (i < src.length && DIGIT.test(src.charAt(i))) i++;
      if (src.charAt(i) === '.' && DIGIT.test(src.charAt(i + 1))) {
        i++;
        while (i < src.length && DIGIT.test(src.charAt(i))) i++;
      }
      push('number', src.slice(at, i), at);
      continue;
    }
    if (c === "'" || c === '"') {
      i = readString(src, i, tokens);
      continue;
    }
    const type = PUNCTUATION[c];
    if (type === undefined) throw new TemplateSyntaxError(`unexpected character '${c}'`, i + 1);
    push(type, c, i);
    i++;
  }
  if (untilClose) throw new TemplateSyntaxError("'{{' is never closed with '}}'", start - 1);
  tokens.push({ type: 'eof', text: '', col: src.length + 1 });
  return { tokens, end: src.length };
}

/** Reads a quoted string starting at the quote `src[at]`; returns the offset after it. */
function readString(src: string, at: number, tokens: Token[]): number {
  const quote = src.charAt(at);
  let out = '';
  let i = at + 1;
  while (i < src.length) {
    const c = src.charAt(i);
    if (c === quote) {
      tokens.push({ type: 'string', text: out, col: at + 1 });
      return i + 1;
    }
    if (c === '\\') {
      const e = ESCAPES[src.charAt(i + 1)];
      if (e === undefined) throw new TemplateSyntaxError(`unknown escape '\\${src.charAt(i + 1)}'`, i + 1);
      out += e;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  throw new TemplateSyntaxError('text in quotes is never closed', at + 1);
}
