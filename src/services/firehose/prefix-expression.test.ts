// Unit tests for Prefix / ErrorOutputPrefix rules, checked against the developer guide's semantic rules and its
// table of example prefixes (s3-prefixes, "Example prefixes").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../core/aws-error.js';
import { effectivePrefixes, evaluatePrefix, parsePrefix, randomString } from './prefix-expression.js';

const AT = Date.UTC(2018, 7, 27, 10, 30, 0); // 10:30 AM UTC on Aug 27, 2018, the guide's example instant

function invalid(fragment: string): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(isAwsError(e), String(e));
    assert.equal(e.code, 'InvalidArgumentException');
    assert.equal(e.status, 400);
    assert.ok(e.message.includes(fragment), e.message);
    return true;
  };
}

function evaluate(prefix: string | undefined, errorPrefix: string | undefined): { prefix: string; error: string } {
  const p = effectivePrefixes(prefix, errorPrefix);
  const random = (): string => 'abcdef01-23';
  return {
    prefix: evaluatePrefix(p.prefix, { epochMs: AT, random }),
    error: evaluatePrefix(p.errorPrefix, { epochMs: AT, errorType: 'processing-failed', random }),
  };
}

test('an unset Prefix evaluates to the default YYYY/MM/dd/HH/ time prefix', () => {
  assert.equal(evaluate(undefined, 'myFirehoseFailures/!{firehose:error-output-type}/').prefix, '2018/08/27/10/');
  assert.equal(evaluate(undefined, 'myFirehoseFailures/!{firehose:error-output-type}/').error, 'myFirehoseFailures/processing-failed/');
});

test('a Prefix without expressions gets the time prefix appended and derives the error prefix', () => {
  assert.deepEqual(evaluate('myFirehosePrefix/', undefined), {
    prefix: 'myFirehosePrefix/2018/08/27/10/',
    error: 'myFirehosePrefix/processing-failed/2018/08/27/10/',
  });
});

test('expressions in both prefixes evaluate at the same instant, random-string drawing 11 characters', () => {
  const r = evaluate(
    'myFirehose/DeliveredYear=!{timestamp:yyyy}/anyMonth/rand=!{firehose:random-string}',
    'myFirehoseFailures/!{firehose:error-output-type}/!{timestamp:yyyy}/anyMonth/!{timestamp:dd}',
  );
  assert.equal(r.prefix, 'myFirehose/DeliveredYear=2018/anyMonth/rand=abcdef01-23');
  assert.equal(r.error, 'myFirehoseFailures/processing-failed/2018/anyMonth/27');
  assert.equal(randomString().length, 11);
  assert.notEqual(randomString(), randomString());
});

test('ErrorOutputPrefix cannot be null when Prefix contains expressions', () => {
  assert.throws(() => effectivePrefixes('!{timestamp:yyyy/MM/dd}', undefined), invalid('ErrorOutputPrefix cannot be null or empty'));
  assert.throws(() => effectivePrefixes('!{timestamp:yyyy/MM/dd}', ''), invalid('ErrorOutputPrefix cannot be null or empty'));
});

test('an ErrorOutputPrefix with expressions must contain !{firehose:error-output-type}', () => {
  assert.throws(() => effectivePrefixes('a/!{timestamp:yyyy}/', 'err/!{timestamp:yyyy}/'), invalid('must contain !{firehose:error-output-type}'));
});

test('Prefix cannot contain !{firehose:error-output-type}', () => {
  assert.throws(() => parsePrefix('Prefix', 'a/!{firehose:error-output-type}/'), invalid('Prefix cannot contain'));
});

test('!{ outside an expression, unknown namespaces and unknown firehose values are refused', () => {
  assert.throws(() => parsePrefix('Prefix', 'a/!{timestamp'), invalid('!{ outside'));
  assert.throws(() => parsePrefix('Prefix', 'a/!{nope}'), invalid('!{ outside'));
  assert.throws(() => parsePrefix('Prefix', 'a/!{weather:sunny}/'), invalid('unsupported namespace'));
  assert.throws(() => parsePrefix('Prefix', 'a/!{firehose:uuid}/'), invalid('unsupported firehose expression'));
  assert.throws(() => parsePrefix('Prefix', 'a/!{timestamp:yyyy-bb}/'), invalid('Unknown pattern letter: b'));
});

test('partition-key namespaces answer NotImplemented naming dynamic partitioning', () => {
  assert.throws(
    () => parsePrefix('Prefix', 'a/!{partitionKeyFromQuery:customer}/'),
    (e: unknown) => isAwsError(e) && e.status === 501 && e.message.includes('dynamic partitioning'),
  );
});

test('a prefix longer than 512 characters after evaluation is refused', () => {
  assert.doesNotThrow(() => effectivePrefixes('p'.repeat(498), undefined));
  assert.throws(() => effectivePrefixes('p'.repeat(500), undefined), invalid('512 characters'));
});
