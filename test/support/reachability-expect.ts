// One check for the table-driven verdict tests (src/services/ec2/reachability*.test.ts): a verdict against a case's
// expected reachability and, when it is blocked, every field of the blocking component the case names.
import assert from 'node:assert/strict';
import type { Blocking, Verdict } from '../../src/services/ec2/reachability.js';

/** What a table case expects: reachable or not and, for a refusal, the blocking fields it names. */
export interface ExpectedVerdict {
  reachable: boolean;
  blocking?: Partial<Record<'component' | 'id' | 'rule' | 'direction' | 'explanationCode', string>> | undefined;
}

export function assertVerdict(verdict: Verdict, expected: ExpectedVerdict): void {
  assert.equal(verdict.reachable, expected.reachable, JSON.stringify(verdict, null, 1));
  if (!expected.blocking) {
    assert.equal(verdict.blocking, undefined);
    return;
  }
  assert.ok(verdict.blocking, 'a blocking component is named');
  for (const [k, want] of Object.entries(expected.blocking)) assert.equal(verdict.blocking[k as keyof Blocking], want, `blocking.${k}`);
}
