// Unit tests of ImportTable's source formats: CSV records and typing, DynamoDB JSON lines, decompression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { csvRecords, decompress, parseCsv, parseDynamodbJson } from './import-formats.js';

test('csvRecords splits quoted fields holding delimiters, quotes and newlines, CRLF or LF', () => {
  assert.deepEqual(csvRecords('a,b\r\n"x,1","say ""hi""\nthere"\n\n', ','), [['a', 'b'], ['x,1', 'say "hi"\nthere']]);
  assert.deepEqual(csvRecords('a|b|', '|'), [['a', 'b', '']]);
});

test('parseCsv types defined attributes and makes the rest strings; extra fields are an error', () => {
  const types = new Map<string, 'S' | 'N' | 'B'>([['id', 'N'], ['bin', 'B']]);
  const out = parseCsv('id,bin,name,empty\n7,AQI=,Ann,\n8,,Bo,,extra\nx,,Cy,\n', {}, types);
  assert.deepEqual(out[0], { item: { id: { N: '7' }, bin: { B: Buffer.from([1, 2]) }, name: { S: 'Ann' } } });
  assert.ok('error' in out[1]!);
  assert.ok('error' in out[2]!, 'a key that is not a number is an error');
  const listed = parseCsv('1;a\n', { delimiter: ';', headerList: ['id', 'v'] }, types);
  assert.deepEqual(listed, [{ item: { id: { N: '1' }, v: { S: 'a' } } }]);
});

test('parseDynamodbJson reads one Item per line and counts bad lines as errors', () => {
  const out = parseDynamodbJson('{"Item":{"pk":{"S":"a"},"b":{"B":"AQ=="}}}\n\nnot json\n{"pk":{"S":"x"}}\n');
  assert.equal(out.length, 3);
  assert.deepEqual(out[0], { item: { pk: { S: 'a' }, b: { B: Buffer.from([1]) } } });
  assert.ok('error' in out[1]! && 'error' in out[2]!);
});

test('decompress reverses GZIP and passes NONE through', async () => {
  assert.equal((await decompress(gzipSync(Buffer.from('hello')), 'GZIP')).toString(), 'hello');
  assert.equal((await decompress(Buffer.from('plain'), 'NONE')).toString(), 'plain');
});
