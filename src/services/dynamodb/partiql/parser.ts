// A recursive-descent parser for the PartiQL statements DynamoDB runs (SELECT, INSERT, UPDATE, DELETE and, in a
// transaction, EXISTS), binding `?` parameters in order; grammar from the DynamoDB developer guide, ql-reference.*.
import { setOwn } from '../../../core/dict.js';
import { validationException, type AwsError } from '../../../core/aws-error.js';
import { emptyMap, type AttributeMap, type AttributeValue } from '../attribute-value.js';
import type { Comparator, Condition, ConditionFunction, Operand, Path, PathElement, SetValue, UpdateAction } from '../expressions/ast.js';
import { formatDecimal, requireDecimal } from '../number.js';
import type { PartiqlStatement, Returning, SelectStatement } from './ast.js';
import { PqLexError, tokenizePartiql, type PqToken } from './lexer.js';

/** DynamoDB's envelope for every parse error (DynamoDB developer guide and the SDK issue reports quoting it). */
export function malformed(detail: string): AwsError {
  return validationException(`Statement wasn't well formed, can't be processed: ${detail}`);
}

export const PARAMETER_MISMATCH = "Number of parameters in request and statement don't match.";

/** Words of the grammar, which name no attribute unless double-quoted. */
const KEYWORDS = new Set([
  'select', 'from', 'where', 'and', 'or', 'not', 'in', 'is', 'between', 'insert', 'into', 'value', 'values', 'update', 'set',
  'remove', 'delete', 'returning', 'null', 'missing', 'true', 'false', 'order', 'by', 'asc', 'desc', 'exists', 'limit', 'all',
]);

const FUNCTIONS: Record<string, ConditionFunction> = {
  attribute_exists: 'attribute_exists',
  attribute_not_exists: 'attribute_not_exists',
  attribute_type: 'attribute_type',
  begins_with: 'begins_with',
  contains: 'contains',
};

const COMPARATORS: Record<string, Comparator> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

class Parser {
  private pos = 0;
  private used = 0;

  constructor(
    private readonly tokens: PqToken[],
    private readonly params: readonly AttributeValue[],
  ) {}

  private peek(offset = 0): PqToken {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): PqToken {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }

  private acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.pos++;
    return true;
  }

  private expectWord(word: string): void {
    if (!this.acceptWord(word)) throw this.unexpected();
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return (t.kind === 'punct' || t.kind === 'op') && t.text === text;
  }

  private accept(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.pos++;
    return true;
  }

  private expect(text: string): void {
    if (!this.accept(text)) throw this.unexpected();
  }

  unexpected(): AwsError {
    const t = this.peek();
    if (t.kind === 'eof') return malformed('Unexpected end of statement');
    if (t.kind === 'word' && KEYWORDS.has(t.text.toLowerCase())) return malformed('Unexpected keyword');
    return malformed('Unexpected token');
  }

  statement(): PartiqlStatement {
    const first = this.peek();
    const word = first.kind === 'word' ? first.text.toLowerCase() : '';
    let s: PartiqlStatement;
    if (word === 'select') s = this.select();
    else if (word === 'insert') s = this.insert();
    else if (word === 'update') s = this.update();
    else if (word === 'delete') s = this.delete();
    else if (word === 'exists') s = this.exists();
    else throw malformed('Expected data manipulation');
    this.accept(';');
    if (this.peek().kind !== 'eof') throw this.unexpected();
    if (this.used > this.params.length) throw validationException(PARAMETER_MISMATCH);
    return s;
  }

  private name(): string {
    const t = this.peek();
    if (t.kind === 'qname') return this.next().text;
    if (t.kind === 'word' && !KEYWORDS.has(t.text.toLowerCase())) return this.next().text;
    throw this.unexpected();
  }

  private tableAndIndex(): { table: string; index?: string } {
    const table = this.name();
    if (!this.accept('.')) return { table };
    return { table, index: this.name() };
  }

  private select(): SelectStatement {
    this.expectWord('select');
    let projection: Path[] | undefined;
    if (!this.accept('*')) {
      projection = [this.path()];
      while (this.accept(',')) projection.push(this.path());
    }
    this.expectWord('from');
    const { table, index } = this.tableAndIndex();
    const where = this.acceptWord('where') ? this.condition() : undefined;
    let orderBy: SelectStatement['orderBy'];
    if (this.acceptWord('order')) {
      this.expectWord('by');
      const name = this.name();
      const descending = this.acceptWord('desc');
      if (!descending) this.acceptWord('asc');
      orderBy = { name, descending };
    }
    if (this.isWord('limit')) throw malformed('Unsupported clause: LIMIT');
    return { kind: 'select', table, index, projection, where, orderBy };
  }

  private insert(): PartiqlStatement {
    this.expectWord('insert');
    this.expectWord('into');
    const table = this.name();
    this.expectWord('value');
    if (!this.isPunct('{')) throw this.unexpected();
    const v = this.value();
    if (!('M' in v)) throw this.unexpected();
    return { kind: 'insert', table, item: v.M };
  }

  private update(): PartiqlStatement {
    this.expectWord('update');
    const table = this.name();
    const actions: UpdateAction[] = [];
    for (;;) {
      if (this.acceptWord('set')) {
        do actions.push(this.setAction());
        while (this.accept(','));
      } else if (this.acceptWord('remove')) {
        do actions.push({ kind: 'REMOVE', path: this.path() });
        while (this.accept(','));
      } else break;
    }
    if (actions.length === 0) throw this.unexpected();
    const where = this.acceptWord('where') ? this.condition() : undefined;
    return { kind: 'update', table, actions, where, returning: this.returning() };
  }

  private delete(): PartiqlStatement {
    this.expectWord('delete');
    this.expectWord('from');
    const table = this.name();
    const where = this.acceptWord('where') ? this.condition() : undefined;
    return { kind: 'delete', table, where, returning: this.returning() };
  }

  private exists(): PartiqlStatement {
    this.expectWord('exists');
    this.expect('(');
    const select = this.select();
    this.expect(')');
    return { kind: 'exists', select };
  }

  private returning(): Returning | undefined {
    if (!this.acceptWord('returning')) return undefined;
    const which = this.acceptWord('all') ? 'ALL' : this.acceptWord('modified') ? 'UPDATED' : undefined;
    if (!which) throw this.unexpected();
    const side = this.acceptWord('old') ? 'OLD' : this.acceptWord('new') ? 'NEW' : undefined;
    if (!side) throw this.unexpected();
    this.expect('*');
    return `${which}_${side}`;
  }

  private setAction(): UpdateAction {
    const path = this.path();
    this.expect('=');
    const t = this.peek();
    if (t.kind === 'word' && this.peek(1).text === '(') {
      const fn = t.text.toLowerCase();
      if (fn === 'set_add' || fn === 'set_delete') {
        this.pos += 2;
        this.path();
        this.expect(',');
        const value = this.value();
        this.expect(')');
        return { kind: fn === 'set_add' ? 'ADD' : 'DELETE', path, value };
      }
    }
    return { kind: 'SET', path, value: this.setValue() };
  }

  private setValue(): SetValue {
    let left = this.setTerm();
    while (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next().text as '+' | '-';
      left = { kind: 'arith', op, left, right: this.setTerm() };
    }
    return left;
  }

  private setTerm(): SetValue {
    const t = this.peek();
    if (t.kind === 'word' && this.peek(1).text === '(') {
      const fn = t.text.toLowerCase();
      if (fn === 'list_append') {
        this.pos += 2;
        const first = this.setValue();
        this.expect(',');
        const second = this.setValue();
        this.expect(')');
        return { kind: 'list_append', first, second };
      }
      if (fn === 'if_not_exists') {
        this.pos += 2;
        const path = this.path();
        this.expect(',');
        const fallback = this.setValue();
        this.expect(')');
        return { kind: 'if_not_exists', path, fallback };
      }
      throw malformed('Unexpected token');
    }
    return { kind: 'operand', operand: this.operand() };
  }

  /** A document path: name, then .name, ."name", [n] or ['name'] steps. */
  path(): Path {
    const out: PathElement[] = [this.name()];
    for (;;) {
      if (this.accept('.')) out.push(this.name());
      else if (this.isPunct('[')) {
        this.pos++;
        const t = this.next();
        if (t.kind === 'number' && /^\d+$/.test(t.text)) out.push(Number(t.text));
        else if (t.kind === 'string') out.push(t.text);
        else throw malformed('Unexpected token');
        this.expect(']');
      } else return out;
    }
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.acceptWord('or')) left = { kind: 'or', left, right: this.conjunction() };
    return left;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.acceptWord('and')) left = { kind: 'and', left, right: this.negation() };
    return left;
  }

  private negation(): Condition {
    if (this.acceptWord('not')) return { kind: 'not', condition: this.negation() };
    return this.predicate();
  }

  private predicate(): Condition {
    if (this.accept('(')) {
      const c = this.condition();
      this.expect(')');
      return c;
    }
    const t = this.peek();
    if (t.kind === 'word' && this.peek(1).text === '(') {
      const fn = FUNCTIONS[t.text.toLowerCase()];
      if (fn) {
        this.pos += 2;
        const args: Operand[] = [this.operand()];
        while (this.accept(',')) args.push(this.operand());
        this.expect(')');
        return { kind: 'function', name: fn, args };
      }
    }
    const left = this.operand();
    if (this.acceptWord('is')) {
      const negated = this.acceptWord('not');
      let c: Condition;
      if (this.acceptWord('missing')) c = { kind: 'function', name: 'attribute_not_exists', args: [left] };
      else if (this.acceptWord('null')) c = { kind: 'function', name: 'attribute_type', args: [left, literal({ S: 'NULL' }, "'NULL'")] };
      else throw this.unexpected();
      return negated ? { kind: 'not', condition: c } : c;
    }
    if (this.acceptWord('between')) {
      const low = this.operand();
      this.expectWord('and');
      return { kind: 'between', operand: left, low, high: this.operand() };
    }
    if (this.acceptWord('in')) {
      const close = this.accept('[') ? ']' : this.accept('(') ? ')' : undefined;
      if (!close) throw this.unexpected();
      const list: Operand[] = [this.operand()];
      while (this.accept(',')) list.push(this.operand());
      this.expect(close);
      return { kind: 'in', operand: left, list };
    }
    const op = this.peek();
    const comparator = op.kind === 'op' ? COMPARATORS[op.text] : undefined;
    if (!comparator) throw this.unexpected();
    this.pos++;
    return { kind: 'compare', op: comparator, left, right: this.operand() };
  }

  private operand(): Operand {
    const t = this.peek();
    if (t.kind === 'word' && t.text.toLowerCase() === 'size' && this.peek(1).text === '(') {
      this.pos += 2;
      const path = this.path();
      this.expect(')');
      return { kind: 'size', path };
    }
    if (t.kind === 'qname' || (t.kind === 'word' && !KEYWORDS.has(t.text.toLowerCase()))) return { kind: 'path', path: this.path() };
    return literal(this.value(), '?');
  }

  /** A literal or a bound parameter. */
  value(): AttributeValue {
    const t = this.next();
    switch (t.kind) {
      case 'param':
        return this.params[this.used++] ?? { NULL: true };
      case 'string':
        return { S: t.text };
      case 'number':
        return { N: formatDecimal(requireDecimal(t.text)) };
      case 'op':
        if (t.text === '-' && this.peek().kind === 'number') return { N: formatDecimal(requireDecimal(`-${this.next().text}`)) };
        if (t.text === '<<') return this.bag();
        break;
      case 'punct':
        if (t.text === '[') return this.list();
        if (t.text === '{') return this.map();
        break;
      case 'word': {
        const w = t.text.toLowerCase();
        if (w === 'true' || w === 'false') return { BOOL: w === 'true' };
        if (w === 'null') return { NULL: true };
        break;
      }
      default:
        break;
    }
    this.pos--;
    if (t.kind === 'eof') throw malformed('Unexpected end of statement');
    throw t.kind === 'word' && KEYWORDS.has(t.text.toLowerCase()) ? malformed('Unexpected keyword') : malformed('Unexpected term');
  }

  private list(): AttributeValue {
    const items: AttributeValue[] = [];
    if (!this.accept(']')) {
      do items.push(this.value());
      while (this.accept(','));
      this.expect(']');
    }
    return { L: items };
  }

  private map(): AttributeValue {
    const m: AttributeMap = emptyMap();
    if (!this.accept('}')) {
      do {
        const k = this.next();
        if (k.kind !== 'string' && k.kind !== 'qname') throw malformed('Unexpected token');
        this.expect(':');
        setOwn(m, k.text, this.value());
      } while (this.accept(','));
      this.expect('}');
    }
    return { M: m };
  }

  private bag(): AttributeValue {
    const items: AttributeValue[] = [];
    if (!this.isPunct('>>')) {
      do {
        if (this.peek().kind === 'param') throw validationException('Unsupported data type in Bag');
        items.push(this.value());
      } while (this.accept(','));
    }
    this.expect('>>');
    if (items.length === 0) throw validationException('Empty bags are not supported');
    if (items.every((v) => 'S' in v)) return unique({ SS: items.map((v) => (v).S) });
    if (items.every((v) => 'N' in v)) return unique({ NS: items.map((v) => (v).N) });
    throw validationException('DynamoDB only supports either numbers or strings in bags');
  }
}

function unique<T extends { SS: string[] } | { NS: string[] }>(set: T): T {
  const members = 'SS' in set ? set.SS : set.NS;
  if (new Set(members).size !== members.length) throw validationException('Input collection contains duplicates');
  return set;
}

function literal(value: AttributeValue, placeholder: string): Operand {
  return { kind: 'value', value, placeholder };
}

const TOKEN_CACHE_SIZE = 256;
const tokenCache = new Map<string, PqToken[]>();

/** Parses one statement with its (already validated) parameters. */
export function parsePartiql(source: string, params: readonly AttributeValue[] = []): PartiqlStatement {
  let tokens = tokenCache.get(source);
  if (!tokens) {
    try {
      tokens = tokenizePartiql(source);
    } catch (e) {
      if (e instanceof PqLexError) throw malformed('Unexpected token');
      throw e;
    }
    // Applications repeat a few statements with new parameters: their tokens are kept (bounded, oldest out).
    if (tokenCache.size >= TOKEN_CACHE_SIZE) tokenCache.delete(tokenCache.keys().next().value!);
    tokenCache.set(source, tokens);
  }
  if (tokens.length === 1) throw malformed('Unexpected end of statement');
  return new Parser(tokens, params).statement();
}
