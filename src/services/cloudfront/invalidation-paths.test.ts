// Invalidation paths: the rules CloudFront applies to a batch, and which cached URIs a path covers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../core/aws-error.js';
import { pathCovers, validatePaths } from './invalidation-paths.js';

const code = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return isAwsError(e) ? e.code : 'other';
  }
};

test('a path must begin with a slash and may end with one wildcard', () => {
  assert.equal(code(() => validatePaths(['/a', '/b/*', '/*'])), 'ok');
  assert.equal(code(() => validatePaths(['a'])), 'InvalidArgument');
  assert.equal(code(() => validatePaths(['/a*/b'])), 'InvalidArgument');
  assert.equal(code(() => validatePaths([])), 'InvalidArgument');
});

test('more than 3,000 paths in one batch is BatchTooLarge', () => {
  assert.equal(code(() => validatePaths(Array.from({ length: 3000 }, (_, i) => `/p${i}`))), 'ok');
  assert.equal(code(() => validatePaths(Array.from({ length: 3001 }, (_, i) => `/p${i}`))), 'BatchTooLarge');
});

test('a path covers its exact URI, a trailing * covers a prefix, /* everything', () => {
  assert.equal(pathCovers('/img/a.png', '/img/a.png'), true);
  assert.equal(pathCovers('/img/a.png', '/img/a.png?v=2'), false);
  assert.equal(pathCovers('/img/a.png*', '/img/a.png?v=2'), true);
  assert.equal(pathCovers('/img/*', '/img/b/c.png'), true);
  assert.equal(pathCovers('/img/*', '/other'), false);
  assert.equal(pathCovers('/*', '/anything?x=1'), true);
});
