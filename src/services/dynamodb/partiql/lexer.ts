// Tokenizer for DynamoDB's PartiQL: keywords and names, "quoted names", 'strings' ('' escapes a quote), numbers,
// `?` parameters, << >> bag brackets, comparison operators and punctuation; -- and /* */ comments are skipped.

export type PqTokenKind = 'word' | 'qname' | 'string' | 'number' | 'param' | 'op' | 'punct' | 'eof';

export interface PqToken {
  readonly kind: PqTokenKind;
  readonly text: string;
}

/** Thrown for anything the tokenizer cannot read; the parser words it as DynamoDB's malformed-statement error. */
export class PqLexError extends Error {}

const OPERATORS = ['<<', '>>', '<=', '>=', '<>', '!=', '=', '<', '>', '+', '-', '||'];
const PUNCT = '()[]{},.:*;';

function isWordStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isWordPart(c: string): boolean {
  return isWordStart(c) || (c >= '0' && c <= '9') || c === '$';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function quoted(source: string, start: number, quote: string): { text: string; end: number } {
  let text = '';
  let i = start + 1;
  for (;;) {
    if (i >= source.length) throw new PqLexError('unterminated quote');
    const c = source[i]!;
    if (c === quote) {
      if (source[i + 1] === quote) {
        text += quote;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    text += c;
    i++;
  }
}

function numberEnd(source: string, start: number): number {
  let i = start;
  while (isDigit(source[i])) i++;
  if (source[i] === '.' && isDigit(source[i + 1])) {
    i++;
    while (isDigit(source[i])) i++;
  }
  if ((source[i] === 'e' || source[i] === 'E') && (isDigit(source[i + 1]) || ((source[i + 1] === '+' || source[i + 1] === '-') && isDigit(source[i + 2])))) {
    i += 2;
    while (isDigit(source[i])) i++;
  }
  return i;
}

export function tokenizePartiql(source: string): PqToken[] {
  const out: PqToken[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '-' && source[i + 1] === '-') {
      while (i < n && source[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new PqLexError('unterminated comment');
      i = end + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      const q = quoted(source, i, c);
      out.push({ kind: c === "'" ? 'string' : 'qname', text: q.text });
      i = q.end;
      continue;
    }
    if (isWordStart(c)) {
      const start = i;
      while (i < n && isWordPart(source[i]!)) i++;
      out.push({ kind: 'word', text: source.slice(start, i) });
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      const end = numberEnd(source, i);
      out.push({ kind: 'number', text: source.slice(i, end) });
      i = end;
      continue;
    }
    if (c === '?') {
      out.push({ kind: 'param', text: '?' });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    if (PUNCT.includes(c)) {
      out.push({ kind: 'punct', text: c });
      i++;
      continue;
    }
    throw new PqLexError(`unexpected character ${c}`);
  }
  out.push({ kind: 'eof', text: '<EOF>' });
  return out;
}
