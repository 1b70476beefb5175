// Unit tests for Range resolution, mirroring test_s3_api.snapshot.json TestS3ObjectCRUD::test_get_object_range
// on a 10-byte object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentRange, resolveCopySourceRange, resolveRange } from './range.js';
import { AwsError } from '../../core/aws-error.js';

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

test('a copy source range must lie inside the source', () => {
  assert.deepEqual(resolveCopySourceRange('bytes=0-4', 10), { start: 0, end: 4 });
  assert.equal(resolveCopySourceRange(undefined, 10), undefined);
  assert.throws(() => resolveCopySourceRange('bytes=0-10', 10), (e: unknown) => e instanceof AwsError && e.code === 'InvalidRequest');
  assert.throws(() => resolveCopySourceRange('bytes=5-', 10), (e: unknown) => e instanceof AwsError && e.code === 'InvalidArgument');
});
