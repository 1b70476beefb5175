// kumo's SQL lexer for the SQLi detector: splits a value into typed tokens the way a SQL engine would read it if
// the value were pasted into a query, starting outside a string or inside a '…' or "…" literal.

export type TokenKind =
  | 'string' // a quoted literal; `open` when the input ended inside it
  | 'number'
  | 'keyword' // a statement or clause word (SELECT, UNION, FROM, …)
  | 'logic' // AND OR XOR NOT && ||
  | 'compare' // = <> != < > <= >= LIKE IN IS BETWEEN REGEXP
  | 'function' // a word followed by '('
  | 'word' // any other bare word
  | 'variable' // @x, @@version
  | 'op' // + - * / % & | ^ ~
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'semicolon'
  | 'comment' // -- …, # …, /* … */
  | 'dot';

export interface Token {
  kind: TokenKind;
  text: string;
  /** For strings: the input ended inside the literal. For the first string of a quoted context: it closed the context. */
  open?: boolean;
  closesContext?: boolean;
}

const KEYWORDS = new Set([
  'SELECT', 'UNION', 'INSERT', 'UPDATE', 'DELETE', 'DROP', 'FROM', 'WHERE', 'HAVING', 'ORDER', 'GROUP', 'BY', 'LIMIT', 'OFFSET',
  'INTO', 'VALUES', 'SET', 'TABLE', 'DATABASE', 'EXEC', 'EXECUTE', 'DECLARE', 'CREATE', 'ALTER', 'TRUNCATE', 'SHUTDOWN', 'WAITFOR',
  'DELAY', 'ALL', 'DISTINCT', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'NULL', 'TRUE', 'FALSE', 'AS', 'JOIN', 'GRANT', 'REVOKE',
  'PROCEDURE', 'OUTFILE', 'DUMPFILE', 'LOAD', 'ASC', 'DESC', 'TOP', 'BEGIN', 'COMMIT', 'ROLLBACK', 'REPLACE', 'HANDLER', 'CALL',
]);
const LOGIC = new Set(['AND', 'OR', 'XOR', 'NOT', 'DIV', 'MOD']);
const COMPARE_WORDS = new Set(['LIKE', 'IN', 'IS', 'BETWEEN', 'REGEXP', 'RLIKE', 'SOUNDS', 'GLOB']);

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0;
}

/** Tokens of `input` read from `context` ('' = outside a literal, "'" or '"' = inside one). */
export function lexSql(input: string, context: '' | "'" | '"'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = input.length;
  if (context !== '') {
    // The value continues a literal the application opened: it ends at the first unescaped matching quote.
    const end = scanString(input, 0, context);
    tokens.push({ kind: 'string', text: input.slice(0, end.end), open: end.open, closesContext: !end.open });
    i = end.end;
  }
  while (i < n && tokens.length < 512) {
    const c = input.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const ch = input[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      const s = scanString(input, i + 1, ch);
      tokens.push({ kind: ch === '`' ? 'word' : 'string', text: input.slice(i, s.end), open: s.open });
      i = s.end;
      continue;
    }
    if (ch === '-' && input[i + 1] === '-') {
      tokens.push({ kind: 'comment', text: input.slice(i) });
      break;
    }
    if (ch === '#') {
      tokens.push({ kind: 'comment', text: input.slice(i) });
      break;
    }
    if (ch === '/' && input[i + 1] === '*') {
      const close = input.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      // MySQL executes /*! … */ bodies: read them as code, not as a comment.
      if (input[i + 2] === '!') {
        tokens.push(...lexSql(input.slice(i + 3, close < 0 ? n : close).replace(/^\d{5}/, ''), ''));
      } else {
        tokens.push({ kind: 'comment', text: input.slice(i, end) });
      }
      i = end;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      if (ch === '0' && (input[j] === 'x' || input[j] === 'X' || input[j] === 'b' || input[j] === 'B')) j++;
      while (j < n && (isWordChar(input.charCodeAt(j)) || input[j] === '.')) j++;
      tokens.push({ kind: 'number', text: input.slice(i, j) });
      i = j;
      continue;
    }
    if (ch === '@') {
      let j = i + 1;
      if (input[j] === '@') j++;
      while (j < n && isWordChar(input.charCodeAt(j))) j++;
      tokens.push({ kind: 'variable', text: input.slice(i, j) });
      i = j;
      continue;
    }
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(input.charCodeAt(j))) j++;
      const text = input.slice(i, j);
      const upper = text.toUpperCase();
      let k = j;
      while (k < n && isSpace(input.charCodeAt(k))) k++;
      // A word followed by '(' is a call, unless it is a clause keyword written before a sub-select.
      if (input[k] === '(' && !KEYWORDS.has(upper) && !LOGIC.has(upper) && !COMPARE_WORDS.has(upper)) tokens.push({ kind: 'function', text: upper });
      else if (LOGIC.has(upper)) tokens.push({ kind: 'logic', text: upper });
      else if (COMPARE_WORDS.has(upper)) tokens.push({ kind: 'compare', text: upper });
      else if (KEYWORDS.has(upper)) tokens.push({ kind: 'keyword', text: upper });
      else tokens.push({ kind: 'word', text: upper });
      i = j;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      tokens.push({ kind: 'logic', text: two === '&&' ? 'AND' : 'OR' });
      i += 2;
      continue;
    }
    if (two === '<>' || two === '!=' || two === '<=' || two === '>=' || two === '<=>' || two === '==') {
      tokens.push({ kind: 'compare', text: two });
      i += 2;
      continue;
    }
    if (ch === '=' || ch === '<' || ch === '>') tokens.push({ kind: 'compare', text: ch });
    else if (ch === '(') tokens.push({ kind: 'lparen', text: ch });
    else if (ch === ')') tokens.push({ kind: 'rparen', text: ch });
    else if (ch === ',') tokens.push({ kind: 'comma', text: ch });
    else if (ch === ';') tokens.push({ kind: 'semicolon', text: ch });
    else if (ch === '.') tokens.push({ kind: 'dot', text: ch });
    else if ('+-*/%&|^~!'.includes(ch)) tokens.push({ kind: 'op', text: ch });
    // Anything else (letters of other scripts were words; punctuation like ? [ ] { } :) is skipped.
    i++;
  }
  return tokens;
}

function scanString(input: string, from: number, quote: string): { end: number; open: boolean } {
  let i = from;
  while (i < input.length) {
    const ch = input[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      // A doubled quote is an escaped quote inside the literal.
      if (input[i + 1] === quote) {
        i += 2;
        continue;
      }
      return { end: i + 1, open: false };
    }
    i++;
  }
  return { end: input.length, open: true };
}
