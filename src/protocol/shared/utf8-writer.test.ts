// Unit tests of Utf8Writer.bytes: small UTF-8 buffers are copied into the chunk, large ones become part of the body
// as they are, and the text written around them keeps its order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SPLICE_BYTES, Utf8Writer } from './utf8-writer.js';

test('bytes from SPLICE_BYTES on are sent as the same buffer, between the text written before and after them', () => {
  const big = Buffer.from('é'.repeat(SPLICE_BYTES));
  const w = new Utf8Writer();
  w.ascii('[');
  w.bytes(big);
  w.byte(0x2c);
  w.bytes(Buffer.from('"small"'));
  w.byte(0x2c);
  w.bytes(big);
  w.ascii(']');
  const { chunks, release } = w.finish();
  assert.ok(chunks.includes(big), 'the large buffer itself is a chunk');
  assert.equal(Buffer.concat(chunks).toString('utf8'), `[${big.toString()},"small",${big.toString()}]`);
  release();
  // Released chunks go back to the pool; the spliced buffer is not one of them and is left as it was.
  assert.equal(big.toString(), 'é'.repeat(SPLICE_BYTES));
});

test('a body of spliced buffers only has no empty chunk, and small bytes fill a chunk like text', () => {
  const a = Buffer.alloc(SPLICE_BYTES, 0x61);
  const w = new Utf8Writer();
  w.bytes(a);
  w.bytes(a);
  const { chunks } = w.finish();
  assert.deepEqual(chunks.map((c) => c.length), [SPLICE_BYTES, SPLICE_BYTES]);

  const small = Buffer.from('x'.repeat(SPLICE_BYTES - 1));
  const v = new Utf8Writer();
  for (let i = 0; i < 40; i++) v.bytes(small);
  const out = Buffer.concat(v.finish().chunks);
  assert.equal(out.length, 40 * (SPLICE_BYTES - 1));
  assert.ok(out.every((b) => b === 0x78));
});
