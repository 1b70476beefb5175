// Unit tests for S3 conditional request precedence and the write-precondition validation rules.
// Codes and fields follow test_s3_preconditions / test_s3_api snapshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCopySourceConditions, checkReadConditions, checkWriteConditions, validateWriteConditions } from './conditionals.js';
import { AwsError } from '../../../core/aws-error.js';

const facts = { etag: '"abc"', lastModified: Date.UTC(2026, 0, 10, 12, 0, 0, 500) };
const now = Date.UTC(2026, 0, 20);
const before = new Date(Date.UTC(2026, 0, 5));
const after = new Date(Date.UTC(2026, 0, 15));

function code(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof AwsError);
    const condition = e.fields['Condition'];
    return `${e.status} ${typeof condition === 'string' ? condition : e.code}`;
  }
}

test('GetObject preconditions answer 412 for If-Match/If-Unmodified-Since and 304 for If-None-Match/If-Modified-Since', () => {
  assert.equal(code(() => checkReadConditions({ ifMatch: '"zzz"' }, facts, now)), '412 If-Match');
  assert.equal(code(() => checkReadConditions({ ifUnmodifiedSince: before }, facts, now)), '412 If-Unmodified-Since');
  assert.equal(code(() => checkReadConditions({ ifNoneMatch: 'abc' }, facts, now)), '304 NotModified');
  assert.equal(code(() => checkReadConditions({ ifModifiedSince: after }, facts, now)), '304 NotModified');
  assert.equal(code(() => checkReadConditions({ ifMatch: 'abc', ifModifiedSince: before }, facts, now)), undefined);
});

test('If-Match true overrides a failing If-Unmodified-Since; If-None-Match false overrides If-Modified-Since', () => {
  assert.equal(code(() => checkReadConditions({ ifMatch: '"abc"', ifUnmodifiedSince: before }, facts, now)), undefined);
  assert.equal(code(() => checkReadConditions({ ifNoneMatch: '"zzz"', ifModifiedSince: after }, facts, now)), undefined);
});

test('dates compare at one-second precision and a future If-Modified-Since is ignored', () => {
  const exact = new Date(Date.UTC(2026, 0, 10, 12, 0, 0));
  assert.equal(code(() => checkReadConditions({ ifUnmodifiedSince: exact }, facts, now)), undefined);
  assert.equal(code(() => checkReadConditions({ ifModifiedSince: exact }, facts, now)), '304 NotModified');
  assert.equal(code(() => checkReadConditions({ ifModifiedSince: new Date(now + 86_400_000) }, facts, now)), undefined);
});

test('copy-source preconditions always answer 412 naming the x-amz-copy-source header', () => {
  assert.equal(code(() => checkCopySourceConditions({ ifNoneMatch: 'abc' }, facts, now)), '412 x-amz-copy-source-If-None-Match');
  assert.equal(code(() => checkCopySourceConditions({ ifModifiedSince: after }, facts, now)), '412 x-amz-copy-source-If-Modified-Since');
  assert.equal(code(() => checkCopySourceConditions({ ifNoneMatch: 'zzz', ifUnmodifiedSince: before }, facts, now)),
    '412 x-amz-copy-source-If-Unmodified-Since');
});

test('write preconditions accept only If-None-Match: * and a concrete If-Match, never both', () => {
  assert.equal(code(() => validateWriteConditions(undefined, '*')), undefined);
  assert.equal(code(() => validateWriteConditions(undefined, '"abc"')), '501 NotImplemented');
  assert.equal(code(() => validateWriteConditions('*', undefined)), '501 NotImplemented');
  assert.equal(code(() => validateWriteConditions('"a"', '*')), '501 NotImplemented');
  assert.throws(() => validateWriteConditions('"a"', '*'), (e: unknown) => e instanceof AwsError && e.fields['Header'] === 'If-Match,If-None-Match');
});

test('write preconditions check the current object', () => {
  assert.equal(code(() => checkWriteConditions(undefined, '*', 'k', { etag: '"abc"' })), '412 If-None-Match');
  assert.equal(code(() => checkWriteConditions(undefined, '*', 'k', undefined)), undefined);
  assert.equal(code(() => checkWriteConditions('"abc"', undefined, 'k', undefined)), '404 NoSuchKey');
  assert.equal(code(() => checkWriteConditions('"zzz"', undefined, 'k', { etag: '"abc"' })), '412 If-Match');
  assert.equal(code(() => checkWriteConditions('abc', undefined, 'k', { etag: '"abc"' })), undefined);
});
