/**
 * Recursive-descent parser of template expressions:
 *
 * ```text
 * expr    := path ( '|' call )* '}}'
 * path    := ident ( '.' segment )*
 * call    := ident ( '(' [ literal ( ',' literal )* ] ')' )?
 * literal := 'text' | "text" | number | true | false | null
 * ```
 */
import { TemplateSyntaxError } from './errors.js';
import { tokenize, type Token, type TokenType } from './expr-tokens.js';

/** A literal argument of a pipe function. */
export type Literal = string | number | boolean | null;

export interface PathNode {
  readonly segments: readonly string[];
  readonly col: number;
}

export interface CallNode {
  readonly name: string;
  readonly args: readonly Literal[];
  readonly col: number;
}

export interface ExprNode {
  readonly path: PathNode;
  readonly pipes: readonly CallNode[];
  /** 1-based column of the expression's first token. */
  readonly col: number;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    // tokenize always ends with `close` or `eof`, so the last token is a safe fallback.
    return this.tokens[this.pos] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  expect(type: TokenType, what: string): Token {
    const t = this.peek();
    if (t.type !== type) throw new TemplateSyntaxError(`expected ${what} but found ${show(t)}`, t.col);
    return this.next();
  }

  path(): PathNode {
    const first = this.expect('ident', 'a field name (e.g. id, name.last, raw.vc_code)');
    const segments = [first.text];
    while (this.peek().type === 'dot') {
      this.next();
      segments.push(this.expect('ident', "a field name or index after '.'").text);
    }
    return { segments, col: first.col };
  }

  call(): CallNode {
    const name = this.expect('ident', "a function name after '|'");
    const args: Literal[] = [];
    if (this.peek().type === 'lparen') {
      this.next();
      if (this.peek().type !== 'rparen') {
        args.push(this.literal());
        while (this.peek().type === 'comma') {
          this.next();
          args.push(this.literal());
        }
      }
      this.expect('rparen', "')' or ','");
    }
    return { name: name.text, args, col: name.col };
  }

  literal(): Literal {
    const t = this.next();
    if (t.type === 'string') return t.text;
    if (t.type === 'number') return Number(t.text);
    if (t.type === 'ident' && t.text === 'true') return true;
    if (t.type === 'ident' && t.text === 'false') return false;
    if (t.type === 'ident' && t.text === 'null') return null;
    throw new TemplateSyntaxError(
      `expected a literal argument (quoted text, number, true, false or null) but found ${show(t)}`,
      t.col,
    );
  }
}

function show(t: Token): string {
  if (t.type === 'eof') return 'the end';
  if (t.type === 'close') return "'}}'";
  return `'${t.text}'`;
}

/**
 * Parses the expression that starts at offset `start` (just after `{{`) of `src`.
 * Returns the tree and the offset just past the closing `}}`.
 */
export function parseExpression(src: string, start: number): { readonly node: ExprNode; readonly end: number } {
  const { tokens, end } = tokenize(src, start, true);
  const p = new Parser(tokens);
  const col = p.peek().col;
  if (p.peek().type === 'close') throw new TemplateSyntaxError("empty '{{ }}': put a field name inside", col);
  const path = p.path();
  const pipes: CallNode[] = [];
  while (p.peek().type === 'pipe') {
    p.next();
    pipes.push(p.call());
  }
  p.expect('close', "'|' or '}}'");
  return { node: { path, pipes, col }, end };
}

/** Parses a bare field path (filter `field:`); pipes and anything else are refused. */
export function parsePath(src: string): PathNode {
  const { tokens } = tokenize(src, 0, false);
  const p = new Parser(tokens);
  const path = p.path();
  const t = p.peek();
  if (t.type === 'pipe') {
    throw new TemplateSyntaxError('a filter compares the field itself: pipes are not allowed here', t.col);
  }
  p.expect('eof', "the end of the field path or '.'");
  return path;
}
