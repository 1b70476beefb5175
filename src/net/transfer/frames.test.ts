// Unit tests of the MFT frame codec: split and coalesced input, and the malformed frames the receiver must refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameDecoder, FrameError, FrameType, MAX_PAYLOAD, decodeJson, encodeFrame, encodeJson } from './frames.js';

test('frames survive being split byte by byte and coalesced', () => {
  const wire = Buffer.concat([encodeJson(FrameType.ACK, { bytesReceived: 5 }), encodeFrame(FrameType.DATA, Buffer.from('hello'))]);
  const d = new FrameDecoder();
  const got = [];
  for (const b of wire) got.push(...d.push(Buffer.from([b])));
  assert.equal(got.length, 2);
  assert.deepEqual(decodeJson(got[0]!), { bytesReceived: 5 });
  assert.equal(got[1]!.payload.toString(), 'hello');
  assert.equal(new FrameDecoder().push(wire).length, 2);
});

test('an unknown frame type is a FrameError', () => {
  const f = encodeFrame(FrameType.DATA, Buffer.from('x'));
  f.writeUInt8(99, 4);
  assert.throws(() => new FrameDecoder().push(f), FrameError);
});

test('a zero or oversized length is a FrameError before the payload arrives', () => {
  const zero = Buffer.from([0, 0, 0, 0, 4]);
  assert.throws(() => new FrameDecoder().push(zero), /out of range/);
  const big = Buffer.alloc(5);
  big.writeUInt32BE(MAX_PAYLOAD + 2, 0);
  big.writeUInt8(FrameType.DATA, 4);
  assert.throws(() => new FrameDecoder().push(big), /out of range/);
});

test('a control frame whose payload is not a JSON object is a FrameError', () => {
  const d = new FrameDecoder();
  const [f] = d.push(encodeFrame(FrameType.ACK, Buffer.from('[1]')));
  assert.throws(() => decodeJson(f!), FrameError);
  const [g] = d.push(encodeFrame(FrameType.ACK, Buffer.from('{')));
  assert.throws(() => decodeJson(g!), /malformed JSON/);
});
