// Tokenizer for DynamoDB expressions: names, #name and :value placeholders, list indexes, operators, punctuation.
// Tokens keep their source offsets so syntax errors can quote DynamoDB's `token: "x", near: "a x b"` window.

export type TokenKind = 'ident' | 'name' | 'value' | 'number' | 'op' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const OPERATORS = ['<=', '>=', '<>', '=', '<', '>', '+', '-'];
const PUNCT = '(),.[]';
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const PLACEHOLDER_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

/** Thrown for characters that cannot start any token; the parser turns it into DynamoDB's syntax error. */
export class LexError extends Error {
  constructor(
    readonly tokens: Token[],
    readonly bad: Token,
  ) {
    super(`bad token ${bad.text}`);
  }
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '#' || c === ':') {
      i++;
      while (i < n && PLACEHOLDER_PART.test(source[i]!)) i++;
      if (i === start + 1) throw new LexError(tokens, { kind: 'punct', text: c, start, end: i });
      tokens.push({ kind: c === '#' ? 'name' : 'value', text: source.slice(start, i), start, end: i });
      continue;
    }
    if (IDENT_START.test(c)) {
      while (i < n && IDENT_PART.test(source[i]!)) i++;
      tokens.push({ kind: 'ident', text: source.slice(start, i), start, end: i });
      continue;
    }
    if (DIGIT.test(c)) {
      while (i < n && DIGIT.test(source[i]!)) i++;
      tokens.push({ kind: 'number', text: source.slice(start, i), start, end: i });
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      i += op.length;
      tokens.push({ kind: 'op', text: op, start, end: i });
      continue;
    }
    if (PUNCT.includes(c)) {
      i++;
      tokens.push({ kind: 'punct', text: c, start, end: i });
      continue;
    }
    // One code point, so surrogate pairs are quoted whole.
    const cp = String.fromCodePoint(source.codePointAt(i)!);
    throw new LexError(tokens, { kind: 'punct', text: cp, start, end: i + cp.length });
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: n, end: n });
  return tokens;
}
