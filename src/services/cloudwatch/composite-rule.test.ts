// Composite alarm rules: the grammar (functions, quoting, ARNs, precedence, parentheses) and evaluation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRule, parseAlarmRule, RuleError } from './composite-rule.js';
import type { StateValue } from './alarm-evaluator.js';

const states: Record<string, StateValue> = { a: 'ALARM', b: 'OK', 'c d': 'INSUFFICIENT_DATA' };
const holds = (rule: string): boolean => evaluateRule(parseAlarmRule(rule).root, (n) => states[n]);

test('state functions accept names, quoted names and alarm ARNs', () => {
  assert.equal(holds('ALARM(a)'), true);
  assert.equal(holds('ALARM("arn:aws:cloudwatch:us-east-1:000000000000:alarm:a")'), true);
  assert.equal(holds('INSUFFICIENT_DATA("c d")'), true);
  assert.equal(holds("OK('b')"), true);
  assert.deepEqual([...parseAlarmRule('ALARM(a) OR OK("arn:aws:cloudwatch:us-east-1:1:alarm:b")').children], ['a', 'b']);
});

test('AND binds tighter than OR; NOT, TRUE, FALSE and parentheses work', () => {
  assert.equal(holds('ALARM(b) AND ALARM(a) OR TRUE'), true);
  assert.equal(holds('ALARM(b) AND (ALARM(a) OR TRUE)'), false);
  assert.equal(holds('NOT ALARM(b) AND NOT FALSE'), true);
  assert.equal(holds('alarm(a) and ok(b)'), true);
});

test('malformed rules are refused', () => {
  for (const bad of ['', 'ALARM(a', 'ALARM a', 'ALARM(a) AND', 'FOO(a)', '(ALARM(a)', 'ALARM("a)']) {
    assert.throws(() => parseAlarmRule(bad), RuleError, bad);
  }
});
