// A cursor over expression tokens with DynamoDB's syntax-error wording, plus the pieces every expression shares:
// document paths (a.#b[2]) and operands (paths, :values, size(path)), with placeholder substitution.
import { isAwsError, type AwsError } from '../../../core/aws-error.js';
import type { AttributeValue } from '../attribute-value.js';
import { LexError, tokenize, type Token } from './lexer.js';
import { isReservedWord } from './reserved-words.js';
import { expressionError, type ExpressionAttributes, type ExpressionKind } from './attributes.js';
import type { Operand, Path, PathElement } from './ast.js';

const MAX_NESTING = 32;
const MAX_EXPRESSION_BYTES = 4096;

export class TokenStream {
  private readonly tokens: Token[];
  private pos = 0;
  /** Semantic errors (reserved words, undefined placeholders) surface only after the syntax is known good. */
  private deferred: AwsError | undefined;
  private reserved: AwsError | undefined;

  constructor(
    readonly kind: ExpressionKind,
    readonly source: string,
    readonly attrs: ExpressionAttributes,
  ) {
    if (source.trim() === '') throw expressionError(kind, 'The expression can not be empty;');
    // The 4 KB cap counts the expression as sent, before placeholder substitution (paritysuite/dynamodb-conformance
    // tests/tier3/limits/expressionSize.test.ts, captured from AWS).
    const size = Buffer.byteLength(source, 'utf8');
    if (size > MAX_EXPRESSION_BYTES) {
      throw expressionError(kind, `Expression size has exceeded the maximum allowed size; expression size: ${size}`);
    }
    try {
      this.tokens = tokenize(source);
    } catch (e) {
      if (e instanceof LexError) throw this.lexError(e);
      throw e;
    }
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** Ends a parse: trailing tokens are a syntax error, then the first deferred semantic error is thrown. */
  finish(): void {
    if (!this.atEnd()) throw this.syntaxError();
    const first = this.reserved ?? this.deferred;
    if (first) throw first;
  }

  private defer(e: AwsError): void {
    this.deferred ??= e;
  }

  /** Substitutes a :value placeholder, deferring an undefined-placeholder error. */
  value(placeholder: string): AttributeValue {
    try {
      return this.attrs.value(this.kind, placeholder);
    } catch (e) {
      if (!isAwsError(e)) throw e;
      this.defer(e);
      return { NULL: true };
    }
  }

  /** Case-insensitive keyword test (AND, OR, NOT, BETWEEN, IN, SET, REMOVE, ADD, DELETE). */
  isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }

  isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return (t.kind === 'punct' || t.kind === 'op') && t.text === text;
  }

  expectPunct(text: string): void {
    if (!this.isPunct(text)) throw this.syntaxError();
    this.next();
  }

  /** `Syntax error; token: "x", near: "prev x next"` for the current token; at the end, near is the last token. */
  syntaxError(at: Token = this.peek()): AwsError {
    const index = this.tokens.indexOf(at);
    const prev = index > 0 ? this.tokens[index - 1] : undefined;
    const next = at.kind === 'eof' ? undefined : this.tokens[index + 1];
    const from = prev?.start ?? at.start;
    const to = at.kind === 'eof' ? (prev?.end ?? at.end) : next && next.kind !== 'eof' ? next.end : at.end;
    // aws: 'Syntax error; token: "<EOF>", near: "("' (paritysuite/dynamodb-conformance validation-ordering/transactions)
    const token = `"${at.text}"`;
    return expressionError(this.kind, `Syntax error; token: ${token}, near: "${this.source.slice(from, to)}"`);
  }

  private lexError(e: LexError): AwsError {
    const prev = e.tokens[e.tokens.length - 1];
    let to = e.bad.end;
    try {
      const rest = tokenize(this.source.slice(e.bad.end));
      if (rest[0] && rest[0].kind !== 'eof') to = e.bad.end + rest[0].end;
    } catch (inner) {
      if (inner instanceof LexError) to = e.bad.end + (inner.tokens[0]?.end ?? inner.bad.end);
    }
    const near = this.source.slice(prev?.start ?? e.bad.start, to);
    return expressionError(this.kind, `Syntax error; token: "${e.bad.text}", near: "${near}"`);
  }

  error(message: string): AwsError {
    return expressionError(this.kind, message);
  }

  /** path := (ident | #name) ( '.' (ident | #name) | '[' number ']' )* */
  parsePath(): Path {
    const path: PathElement[] = [this.pathName()];
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        path.push(this.pathName());
      } else if (this.isPunct('[')) {
        this.next();
        const t = this.peek();
        if (t.kind !== 'number') throw this.syntaxError();
        this.next();
        path.push(Number(t.text));
        this.expectPunct(']');
      } else break;
      if (path.length > MAX_NESTING) {
        throw this.error(`The document path has too many nesting levels; nesting levels: ${path.length}`);
      }
    }
    return path;
  }

  private pathName(): string {
    const t = this.peek();
    if (t.kind === 'name') {
      this.next();
      try {
        return this.attrs.name(this.kind, t.text);
      } catch (e) {
        if (!isAwsError(e)) throw e;
        this.defer(e);
        return t.text;
      }
    }
    if (t.kind === 'ident') {
      if (isReservedWord(t.text)) this.reserved ??= (this.error(`Attribute name is a reserved keyword; reserved keyword: ${t.text}`));
      this.next();
      return t.text;
    }
    throw this.syntaxError();
  }

  isFunctionCall(): boolean {
    return this.peek().kind === 'ident' && this.isPunct('(', 1);
  }

  /** Parses `name(` and the comma-separated operands up to `)`; the caller validates arity and types. */
  parseCallArgs<T>(parseArg: () => T): { name: string; args: T[] } {
    const name = this.next().text;
    this.expectPunct('(');
    const args: T[] = [parseArg()];
    while (this.isPunct(',')) {
      this.next();
      args.push(parseArg());
    }
    this.expectPunct(')');
    return { name, args };
  }

  /** operand := path | :value | size(path); condition functions here are misplaced. */
  parseOperand(): Operand {
    const t = this.peek();
    if (t.kind === 'value') {
      this.next();
      return { kind: 'value', value: this.value(t.text), placeholder: t.text };
    }
    if (this.isFunctionCall()) {
      const fn = t.text;
      if (fn !== 'size') {
        if (CONDITION_FUNCTIONS.has(fn) || UPDATE_FUNCTIONS.has(fn)) {
          throw this.error(`The function is not allowed to be used this way in an expression; function: ${fn}`);
        }
        throw this.error(`Invalid function name; function: ${fn}`);
      }
      const { args } = this.parseCallArgs(() => this.parseOperand());
      if (args.length !== 1) {
        throw this.error(`Incorrect number of operands for operator or function; operator or function: size, number of operands: ${args.length}`);
      }
      const arg = args[0]!;
      if (arg.kind !== 'path') {
        throw this.error(`Incorrect operand type for operator or function; operator or function: size, operand type: ${operandTypeName(arg)}`);
      }
      return { kind: 'size', path: arg.path };
    }
    if (t.kind === 'ident' || t.kind === 'name') return { kind: 'path', path: this.parsePath() };
    throw this.syntaxError();
  }
}

export const CONDITION_FUNCTIONS = new Set(['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains']);
export const UPDATE_FUNCTIONS = new Set(['if_not_exists', 'list_append']);

export function operandTypeName(o: Operand): string {
  if (o.kind === 'value') {
    for (const k in o.value) return k;
  }
  return o.kind === 'size' ? 'N' : 'PATH';
}
