// utf8-chunks: the pooled chunks of a large body, and the hand-over to the HTTP server's corked writer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { CHUNK_BYTES } from './chunk-pool.js';
import { bufferedChunks, chunkedResponse, utf8Chunks } from './utf8-chunks.js';

test('bufferedChunks hands an unread chunked body over as its chunks, matching its Content-Length', () => {
  const text = 'x'.repeat(3 * CHUNK_BYTES + 10);
  const response = chunkedResponse({ 'content-type': 'application/json' }, utf8Chunks([text]));
  const chunks = bufferedChunks(response.body);
  assert.ok(chunks !== undefined && chunks.length === 4);
  assert.equal(Number(response.headers['content-length']), chunks.reduce((n, c) => n + c.length, 0));
  assert.equal(Buffer.concat(chunks).toString('utf8'), text);
  response.sent?.();
});

test('bufferedChunks leaves a small body, another Readable and an already read chunk stream to their usual path', async () => {
  const small = chunkedResponse({}, utf8Chunks(['{}']));
  assert.ok(Buffer.isBuffer(small.body));
  assert.equal(bufferedChunks(small.body), undefined);
  assert.equal(bufferedChunks(Readable.from([Buffer.from('a')])), undefined);
  const large = chunkedResponse({}, utf8Chunks(['y'.repeat(2 * CHUNK_BYTES)]));
  const read: Buffer[] = [];
  for await (const c of large.body as Readable) read.push(c as Buffer);
  assert.equal(Buffer.concat(read).length, 2 * CHUNK_BYTES);
  assert.equal(bufferedChunks(large.body), undefined);
  large.sent?.();
});
