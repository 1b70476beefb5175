// Unit tests of RawJson splicing: pre-rendered text lands verbatim, nested and repeated, and a client string that
// looks like a marker stays a string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHUNK_BYTES } from './chunk-pool.js';
import { RawJson, stringifyPieces, stringifyWithRaw } from './raw-json.js';
import { utf8Chunks } from './utf8-chunks.js';

/** The UTF-8 chunks of the JSON text with RawJson values spliced in. */
const jsonChunksWithRaw = (body: unknown) => utf8Chunks(stringifyPieces(body));

test('stringifyWithRaw splices RawJson text in place and leaves other values to JSON.stringify', () => {
  const body = { Records: [RawJson.of('{"a":1}'), { b: '\u0000kumo-raw-x:0' }, RawJson.of('[2,3]')], Next: 'n' };
  const text = stringifyWithRaw(body);
  assert.equal(text, '{"Records":[{"a":1},{"b":"\\u0000kumo-raw-x:0"},[2,3]],"Next":"n"}');
  assert.deepEqual(JSON.parse(text), { Records: [{ a: 1 }, { b: '\u0000kumo-raw-x:0' }, [2, 3]], Next: 'n' });
  assert.equal(stringifyWithRaw({ plain: [1, 'x'] }), '{"plain":[1,"x"]}');
  assert.equal(JSON.stringify({ r: RawJson.of('{"z":true}') }), '{"r":{"z":true}}');
});

test('RawJson pieces written by utf8Chunks are the same UTF-8 as JSON.stringify, in chunks of at most 64 KiB, pairs unsplit', () => {
  // Long strings of astral characters (4 UTF-8 bytes per surrogate pair) and Latin-1 put segment edges mid-pair.
  const big = { Records: Array.from({ length: 300 }, (_, i) => RawJson.of(JSON.stringify({ i, s: 'é€'.repeat(200) }))), Tail: '😀'.repeat(40_000) };
  const plain = { Records: Array.from({ length: 300 }, (_, i) => ({ i, s: 'é€'.repeat(200) })), Tail: '😀'.repeat(40_000) };
  const { chunks, release } = jsonChunksWithRaw(big);
  assert.ok(chunks.length > 3);
  for (const c of chunks) assert.ok(c.length <= CHUNK_BYTES);
  assert.equal(Buffer.concat(chunks).toString('utf8'), JSON.stringify(plain));
  release();
  // Released chunks are reused: the next body is written into them, and it is still whole.
  const again = jsonChunksWithRaw({ x: 'a'.repeat(200_000) });
  assert.equal(Buffer.concat(again.chunks).toString('utf8'), JSON.stringify({ x: 'a'.repeat(200_000) }));
  // A small body is one exact buffer.
  const small = jsonChunksWithRaw({ Records: [RawJson.of('{"a":1}')] });
  assert.deepEqual(small.chunks, [Buffer.from('{"Records":[{"a":1}]}')]);
});

test('RawJson.array writes its texts as one JSON array, in chunks too, and reads back as the array', () => {
  const texts = Array.from({ length: 400 }, (_, i) => JSON.stringify({ i, s: 'é😀'.repeat(30) }));
  const body = { Records: RawJson.array(texts), Next: 'n' };
  const expected = JSON.stringify({ Records: texts.map((t) => JSON.parse(t) as unknown), Next: 'n' });
  assert.equal(stringifyWithRaw(body), expected);
  // Every record text is its own piece: nothing joined them into one string.
  assert.ok(stringifyPieces(body).filter((p) => texts.includes(p)).length === texts.length);
  const { chunks, release } = jsonChunksWithRaw(body);
  assert.equal(Buffer.concat(chunks).toString('utf8'), expected);
  release();
  assert.deepEqual(RawJson.array([]).value, []);
  assert.equal(JSON.stringify({ r: RawJson.array(['1', '{"a":2}']) }), '{"r":[1,{"a":2}]}');
});
