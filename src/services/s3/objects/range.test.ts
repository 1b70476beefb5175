// Unit tests for Range resolution, mirroring test_s3_api.snapshot.json TestS3ObjectCRUD::test_get_object_range
// on a 10-byte object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentRange, resolveCopySourceRange, resolveRange } from './range.js';
import { AwsError } from '../../../core/aws-error.js';

test('GetObject with a single Range answers the recorded byte spans', () => {
  const cases: Array<[string, string]> = [
    ['bytes=0-8', 'bytes 0-8/10'], ['bytes=1-1', 'bytes 1-1/10'], ['bytes=1-', 'bytes 1-9/10'], ['bytes=-2', 'bytes 8-9/10'],
    ['bytes=-9', 'bytes 1-9/10'], ['bytes=-15', 'bytes 0-9/10'], ['bytes=0-100', 'bytes 0-9/10'], ['bytes=0-0', 'bytes 0-0/10'],
  ];
  for (const [header, expected] of cases) {
    const r = resolveRange(header, 10);
    assert.ok(r, header);
    assert.equal(contentRange(r, 10), expected, header);
  }
});

test('reversed, malformed and multiple ranges are ignored and the whole object is served', () => {
  for (const header of ['bytes=1-0', 'bytes=-1-', 'bytes=0--1', 'bytes=0-1,3-4', 'bytes=-', 'chars=0-1', undefined]) {
    assert.equal(resolveRange(header, 10), undefined, String(header));
  }
});

test('an unsatisfiable range answers InvalidRange 416 with ActualObjectSize and RangeRequested', () => {
  for (const header of ['bytes=-0', 'bytes=100-200', 'bytes=10-']) {
    assert.throws(() => resolveRange(header, 10), (e: unknown) => {
      assert.ok(e instanceof AwsError);
      assert.equal(e.code, 'InvalidRange');
      assert.equal(e.status, 416);
      assert.equal(e.message, 'The requested range is not satisfiable');
      assert.deepEqual(e.fields, { ActualObjectSize: '10', RangeRequested: header });
      return true;
    });
  }
});

test('a copy source range inside the source resolves to its inclusive byte span', () => {
  assert.deepEqual(resolveCopySourceRange('bytes=0-4', 10), { start: 0, end: 4 });
  assert.deepEqual(resolveCopySourceRange('bytes=9-9', 10), { start: 9, end: 9 });
  assert.equal(resolveCopySourceRange(undefined, 10), undefined);
});

test('copy source ranges not of the form bytes=first-last with first <= last are InvalidArgument naming the header', () => {
  for (const header of ['0-8', 'bytes=1-0', 'bytes=-1-', 'bytes=0--1', 'bytes=0-1,3-4,7-9', 'bytes=-', 'bytes=-0', 'bytes=1-', 'bytes=-2', 'bytes=-15']) {
    assert.throws(() => resolveCopySourceRange(header, 10), (e: unknown) => {
      assert.ok(e instanceof AwsError);
      assert.equal(e.code, 'InvalidArgument', header);
      assert.equal(e.status, 400);
      assert.match(e.message, /^The x-amz-copy-source-range value must be of the form bytes=first-last/);
      assert.deepEqual(e.fields, { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: header });
      return true;
    });
  }
});

test('a copy source range ending past the source is InvalidArgument naming the size; one starting past it is InvalidRequest', () => {
  assert.throws(() => resolveCopySourceRange('bytes=0-100', 10), (e: unknown) => {
    assert.ok(e instanceof AwsError);
    assert.equal(e.code, 'InvalidArgument');
    assert.equal(e.message, 'Range specified is not valid for source object of size: 10');
    assert.deepEqual(e.fields, { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: 'bytes=0-100' });
    return true;
  });
  assert.throws(() => resolveCopySourceRange('bytes=100-200', 10), (e: unknown) => {
    assert.ok(e instanceof AwsError);
    assert.equal(e.code, 'InvalidRequest');
    assert.equal(e.message, 'The specified copy range is invalid for the source object size');
    assert.deepEqual(e.fields, {});
    return true;
  });
});
