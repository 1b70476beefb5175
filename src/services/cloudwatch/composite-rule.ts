// Composite alarm rules (pure): ALARM|OK|INSUFFICIENT_DATA("name" or ARN), AND, OR, NOT, TRUE, FALSE and
// parentheses, with the PutCompositeAlarm limits (≤ 100 children, ≤ 500 elements), evaluated against child states.
import type { StateValue } from './alarm-evaluator.js';

export type RuleNode =
  | { kind: 'const'; value: boolean }
  | { kind: 'state'; state: StateValue; alarm: string }
  | { kind: 'not'; arg: RuleNode }
  | { kind: 'and' | 'or'; left: RuleNode; right: RuleNode };

export const MAX_CHILDREN = 100;
export const MAX_ELEMENTS = 500;

export class RuleError extends Error {}

const TOKEN = /\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s()"']+))/y;

/** Parses an AlarmRule; alarm references are reduced to alarm names (an ARN's last segment). */
export function parseAlarmRule(text: string): { root: RuleNode; children: Set<string>; elements: number } {
  const tokens: Array<{ t: string; quoted: boolean }> = [];
  TOKEN.lastIndex = 0;
  while (/\S/.test(text.slice(TOKEN.lastIndex))) {
    const m = TOKEN.exec(text);
    if (m === null) throw new RuleError('Alarm rule has an unterminated string.');
    if (m[1] !== undefined || m[2] !== undefined) tokens.push({ t: (m[1] ?? m[2]) as string, quoted: false });
    else if (m[3] !== undefined || m[4] !== undefined) tokens.push({ t: (m[3] ?? m[4]) as string, quoted: true });
    else tokens.push({ t: m[5] as string, quoted: false });
  }
  if (tokens.length === 0) throw new RuleError('Alarm rule is empty.');
  let at = 0;
  let elements = 0;
  const children = new Set<string>();
  const peek = (): { t: string; quoted: boolean } | undefined => tokens[at];
  const word = (w: string): boolean => peek()?.quoted === false && peek()?.t.toUpperCase() === w;

  function or(): RuleNode {
    let left = and();
    while (word('OR')) {
      at++;
      elements++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  }
  function and(): RuleNode {
    let left = unary();
    while (word('AND')) {
      at++;
      elements++;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  }
  function unary(): RuleNode {
    const tok = tokens[at++];
    if (tok === undefined) throw new RuleError('Alarm rule ends unexpectedly.');
    elements++;
    if (!tok.quoted && tok.t === '(') {
      const inner = or();
      if (tokens[at++]?.t !== ')') throw new RuleError('Alarm rule has an unclosed parenthesis.');
      return inner;
    }
    const upper = tok.quoted ? '' : tok.t.toUpperCase();
    if (upper === 'NOT') return { kind: 'not', arg: unary() };
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'const', value: upper === 'TRUE' };
    if (upper === 'ALARM' || upper === 'OK' || upper === 'INSUFFICIENT_DATA') {
      if (tokens[at++]?.t !== '(') throw new RuleError(`Expected '(' after ${upper}.`);
      const ref = tokens[at++];
      if (ref === undefined || (!ref.quoted && (ref.t === '(' || ref.t === ')'))) throw new RuleError(`Expected an alarm name in ${upper}().`);
      if (tokens[at++]?.t !== ')') throw new RuleError(`Expected ')' after the alarm name in ${upper}().`);
      const alarm = alarmNameOf(ref.t);
      children.add(alarm);
      return { kind: 'state', state: upper, alarm };
    }
    throw new RuleError(`Unexpected '${tok.t}' in the alarm rule.`);
  }

  const root = or();
  if (at < tokens.length) throw new RuleError(`Unexpected '${tokens[at]?.t}' in the alarm rule.`);
  return { root, children, elements };
}

/** An alarm ARN (arn:aws:cloudwatch:region:account:alarm:NAME) or a plain name → the name. */
export function alarmNameOf(ref: string): string {
  const m = /^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:(.+)$/.exec(ref);
  return m ? (m[1] as string) : ref;
}

export function evaluateRule(node: RuleNode, stateOf: (alarm: string) => StateValue | undefined): boolean {
  switch (node.kind) {
    case 'const':
      return node.value;
    case 'state':
      return stateOf(node.alarm) === node.state;
    case 'not':
      return !evaluateRule(node.arg, stateOf);
    case 'and':
      return evaluateRule(node.left, stateOf) && evaluateRule(node.right, stateOf);
    case 'or':
      return evaluateRule(node.left, stateOf) || evaluateRule(node.right, stateOf);
  }
}
