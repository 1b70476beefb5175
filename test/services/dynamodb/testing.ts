// Test helper shared by the DynamoDB unit tests: asserts a function throws an AwsError whose message matches.
// (assert.throws matches regexes against "Name: message"; DynamoDB tests care about the exact message.)
import assert from 'node:assert/strict';
import { isAwsError } from '../../../src/core/aws-error.js';

export function throwsMessage(fn: () => unknown, want: RegExp | string, code = 'ValidationException'): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isAwsError(e), `expected an AwsError, got ${String(e)}`);
    assert.equal(e.code, code);
    if (typeof want === 'string') assert.equal(e.message, want);
    else assert.match(e.message, want);
    return true;
  });
}
