// Metric math parser: tokens and a precedence-climbing parser for the expression syntax (numbers, ids, strings,
// arrays, + - * / ^, comparisons, AND/&& OR/|| NOT, function calls). Pure; errors are MathError with AWS-style text.

export type Node =
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'id'; name: string }
  | { kind: 'array'; items: Node[] }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'unary'; op: '-' | 'NOT'; arg: Node }
  | { kind: 'binary'; op: BinaryOp; left: Node; right: Node };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';

/** A malformed or unsupported expression; `unsupported` names a function kumo does not implement. */
export class MathError extends Error {
  constructor(
    message: string,
    readonly unsupported?: string,
  ) {
    super(message);
  }
}

interface Token {
  type: 'num' | 'str' | 'id' | 'op' | 'punct' | 'end';
  text: string;
  pos: number;
}

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '^', '<', '>'];

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9.]/.test(c)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new MathError(`Unexpected character '${c}' at position ${i + 1}.`);
      out.push({ type: 'num', text: m[0], pos: start });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ type: 'id', text: m[0], pos: start });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new MathError(`Unterminated string at position ${i + 1}.`);
      out.push({ type: 'str', text: src.slice(i + 1, end), pos: start });
      i = end + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op !== undefined) {
      out.push({ type: 'op', text: op, pos: start });
      i += op.length;
      continue;
    }
    if ('()[],'.includes(c)) {
      out.push({ type: 'punct', text: c, pos: start });
      i++;
      continue;
    }
    throw new MathError(`Unexpected character '${c}' at position ${i + 1}.`);
  }
  out.push({ type: 'end', text: '', pos: src.length });
  return out;
}

// Binding power: OR < AND < comparisons < + - < * / < ^ (right associative); NOT and unary minus are prefixes.
const BINARY: Record<string, { op: BinaryOp; bp: number; right?: boolean }> = {
  OR: { op: 'OR', bp: 1 },
  '||': { op: 'OR', bp: 1 },
  AND: { op: 'AND', bp: 2 },
  '&&': { op: 'AND', bp: 2 },
  '==': { op: '==', bp: 3 },
  '!=': { op: '!=', bp: 3 },
  '<': { op: '<', bp: 3 },
  '<=': { op: '<=', bp: 3 },
  '>': { op: '>', bp: 3 },
  '>=': { op: '>=', bp: 3 },
  '+': { op: '+', bp: 4 },
  '-': { op: '-', bp: 4 },
  '*': { op: '*', bp: 5 },
  '/': { op: '/', bp: 5 },
  '^': { op: '^', bp: 7, right: true },
};

export function parseExpression(src: string): Node {
  if (/^\s*SELECT\b/i.test(src)) throw new MathError('Metrics Insights queries (SELECT) are not supported by kumo.', 'Metrics Insights SQL');
  const tokens = tokenize(src);
  let at = 0;
  const peek = (): Token => tokens[at] as Token;
  const next = (): Token => tokens[at++] as Token;
  const expect = (text: string): void => {
    const t = next();
    if (t.text !== text || (t.type !== 'punct' && t.type !== 'op')) throw new MathError(`Expected '${text}' at position ${t.pos + 1}.`);
  };

  const binaryOf = (t: Token): (typeof BINARY)[string] | undefined =>
    t.type === 'op' || (t.type === 'id' && (t.text === 'AND' || t.text === 'OR')) ? BINARY[t.text] : undefined;

  function expr(minBp: number): Node {
    let left = prefix();
    for (;;) {
      const b = binaryOf(peek());
      if (b === undefined || b.bp < minBp) break;
      next();
      const right = expr(b.right === true ? b.bp : b.bp + 1);
      left = { kind: 'binary', op: b.op, left, right };
    }
    return left;
  }

  function prefix(): Node {
    const t = next();
    if (t.type === 'num') return { kind: 'num', value: Number(t.text) };
    if (t.type === 'str') return { kind: 'str', value: t.text };
    if (t.type === 'op' && t.text === '-') return { kind: 'unary', op: '-', arg: expr(6) };
    if (t.type === 'op' && t.text === '+') return expr(6);
    if (t.type === 'id' && t.text === 'NOT') return { kind: 'unary', op: 'NOT', arg: expr(3) };
    if (t.type === 'punct' && t.text === '(') {
      const inner = expr(0);
      expect(')');
      return inner;
    }
    if (t.type === 'punct' && t.text === '[') return { kind: 'array', items: list(']') };
    if (t.type === 'id') {
      if (peek().type === 'punct' && peek().text === '(') {
        next();
        return { kind: 'call', name: t.text.toUpperCase(), args: list(')') };
      }
      return { kind: 'id', name: t.text };
    }
    throw new MathError(t.type === 'end' ? 'Unexpected end of expression.' : `Unexpected '${t.text}' at position ${t.pos + 1}.`);
  }

  function list(close: string): Node[] {
    const items: Node[] = [];
    if (peek().type === 'punct' && peek().text === close) {
      next();
      return items;
    }
    for (;;) {
      items.push(expr(0));
      const t = next();
      if (t.type === 'punct' && t.text === close) return items;
      if (!(t.type === 'punct' && t.text === ',')) throw new MathError(`Expected ',' or '${close}' at position ${t.pos + 1}.`);
    }
  }

  const root = expr(0);
  if (peek().type !== 'end') throw new MathError(`Unexpected '${peek().text}' at position ${peek().pos + 1}.`);
  return root;
}

/** Ids an expression refers to (for dependency order and cycle checks). */
export function references(node: Node, out = new Set<string>()): Set<string> {
  switch (node.kind) {
    case 'id':
      out.add(node.name);
      break;
    case 'array':
      node.items.forEach((n) => references(n, out));
      break;
    case 'call':
      node.args.forEach((n) => references(n, out));
      break;
    case 'unary':
      references(node.arg, out);
      break;
    case 'binary':
      references(node.left, out);
      references(node.right, out);
      break;
    case 'num':
    case 'str':
      break;
  }
  return out;
}
