// Unit tests for ETag formatting and matching.
// The multipart form is S3's documented md5-of-part-md5s with a part-count suffix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { etagMatches, multipartEtag, quotedEtag, unquote } from './etag.js';

test('a single-part ETag is the quoted hex MD5', () => {
  assert.equal(quotedEtag(createHash('md5').update('').digest()), '"d41d8cd98f00b204e9800998ecf8427e"');
});

test('a multipart ETag hashes the binary part MD5s and appends the part count', () => {
  const a = createHash('md5').update('a').digest();
  const b = createHash('md5').update('b').digest();
  const expected = createHash('md5').update(Buffer.concat([a, b])).digest('hex');
  assert.equal(multipartEtag([quotedEtag(a), b.toString('hex')]), `"${expected}-2"`);
});

test('ETag matching accepts quotes, weak prefixes, lists and *', () => {
  const etag = '"abc"';
  assert.equal(etagMatches('abc', etag), true);
  assert.equal(etagMatches('"abc"', etag), true);
  assert.equal(etagMatches('W/"abc"', etag), true);
  assert.equal(etagMatches('"x", "abc"', etag), true);
  assert.equal(etagMatches('*', etag), true);
  assert.equal(etagMatches('"abd"', etag), false);
  assert.equal(unquote('"q"'), 'q');
});
