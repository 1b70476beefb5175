// Unit tests for delivered object keys: the default layout, the suffix's fields, CustomTimeZone and extensions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { objectKey, objectSuffix } from './object-key.js';
import { effectivePrefixes } from './prefix-expression.js';

const AT = Date.UTC(2024, 2, 9, 7, 5, 3);
const UUID = '0b8f1b6e-4f0c-4c5e-9f3a-2d7c1e5a9b10';

test('the default key is YYYY/MM/DD/HH/<stream>-<version>-YYYY-MM-DD-HH-MM-SS-<uuid> in UTC', () => {
  const { prefix } = effectivePrefixes(undefined, undefined);
  const key = objectKey(prefix, { streamName: 'PUT-S3-UNJQf', version: '1', epochMs: AT, extension: '', uuid: UUID });
  assert.equal(key, `2024/03/09/07/PUT-S3-UNJQf-1-2024-03-09-07-05-03-${UUID}`);
});

test('a random uuid is drawn per object when none is given', () => {
  const a = objectSuffix({ streamName: 's', version: '2', epochMs: AT, extension: '.gz' });
  assert.match(a, /^s-2-2024-03-09-07-05-03-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.gz$/);
});

test('CustomTimeZone applies to both the time prefix and the suffix', () => {
  const { prefix } = effectivePrefixes('logs/', undefined);
  const key = objectKey(prefix, { streamName: 's', version: '3', epochMs: AT, zone: 'Asia/Tokyo', extension: '.json', uuid: UUID });
  assert.equal(key, `logs/2024/03/09/16/s-3-2024-03-09-16-05-03-${UUID}.json`);
});

test('the error prefix evaluates the error output type', () => {
  const { errorPrefix } = effectivePrefixes('logs/', undefined);
  const key = objectKey(errorPrefix, { streamName: 's', version: '1', epochMs: AT, extension: '', uuid: UUID }, 'processing-failed');
  assert.equal(key, `logs/processing-failed/2024/03/09/07/s-1-2024-03-09-07-05-03-${UUID}`);
});
