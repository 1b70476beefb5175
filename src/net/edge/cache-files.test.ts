// CacheFiles: bodies up to the threshold stay in memory, bigger ones (known length or not) land in a file, and a
// stream opened before a delete still reads the whole range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CacheFiles } from './cache-files.js';

async function* chunks(total: number, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < total; at += size) yield Buffer.alloc(Math.min(size, total - at), at / size);
}

async function read(s: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

test('a body within the threshold stays in memory; a bigger one goes to a file with every byte', async () => {
  const files = new CacheFiles(undefined);
  try {
    const small = await files.collect(chunks(1000, 100), 1000);
    assert.equal(small.bytes?.length, 1000);
    const big = await files.collect(chunks(5000, 100), 1000);
    const file = big.file;
    assert.ok(file);
    assert.equal(file.size, 5000);
    const back = await read(files.open(file.id, 0, 4999));
    const expected: Buffer[] = [];
    for await (const c of chunks(5000, 100)) expected.push(Buffer.from(c));
    assert.deepEqual(back, Buffer.concat(expected));
  } finally {
    files.close();
  }
});

test('a range opened before the file is deleted still reads in full', async () => {
  const files = new CacheFiles(undefined);
  try {
    const { file } = await files.collect(chunks(4000, 1000), 10);
    assert.ok(file);
    const stream = files.open(file.id, 1000, 1999);
    files.delete(file.id);
    const back = await read(stream);
    assert.deepEqual(back, Buffer.alloc(1000, 1));
    assert.throws(() => files.open(file.id, 0, 1));
  } finally {
    files.close();
  }
});
