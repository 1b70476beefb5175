// The edge cache: byte-bounded LRU eviction, purging by URI per distribution, and miss coalescing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EdgeCache, type CacheEntry } from './edge-cache.js';

const entry = (key: string, size: number, distributionId = 'E1', uri = key): CacheEntry => ({
  key, distributionId, uri, status: 200, head: 'HTTP/1.1 200 OK\r\n', body: Buffer.alloc(size), storedAt: 0, expiresAt: 1000, etag: undefined, lastModified: undefined, error: false,
});

test('the least recently used entries go first when the bytes run out', () => {
  const cache = new EdgeCache(3500);
  cache.set(entry('/a', 800));
  cache.set(entry('/b', 800));
  cache.set(entry('/c', 800));
  assert.ok(cache.get('/a'));
  cache.set(entry('/d', 800));
  assert.equal(cache.get('/b'), undefined);
  assert.ok(cache.get('/a') && cache.get('/c') && cache.get('/d'));
  assert.ok(cache.usedBytes <= 3500);
});

test('purge removes only the distribution\'s entries whose URI is covered', () => {
  const cache = new EdgeCache(1 << 20);
  cache.set(entry('k1', 10, 'E1', '/img/a.png'));
  cache.set(entry('k2', 10, 'E1', '/img/a.png'));
  cache.set(entry('k3', 10, 'E1', '/css/b.css'));
  cache.set(entry('k4', 10, 'E2', '/img/a.png'));
  assert.equal(cache.purge('E1', (uri) => uri.startsWith('/img/')), 2);
  assert.equal(cache.size, 2);
  assert.ok(cache.get('k4'));
});

test('concurrent misses on one key share one fetch until it releases the key', async () => {
  const cache = new EdgeCache(1 << 20);
  let calls = 0;
  let releaseLater: () => void = () => undefined;
  const fetch = async (release: () => void) => {
    calls++;
    await new Promise((r) => setImmediate(r));
    releaseLater = release;
    return 'body';
  };
  const a = cache.coalesce('k', fetch);
  const b = cache.coalesce('k', fetch);
  assert.equal(a.leader, true);
  assert.equal(b.leader, false);
  assert.deepEqual(await Promise.all([a.promise, b.promise]), ['body', 'body']);
  assert.equal(calls, 1);
  assert.equal(cache.coalesce('k', fetch).leader, false, 'a settled fetch is shared until released (a streamed fill)');
  releaseLater();
  assert.equal(cache.coalesce('k', fetch).leader, true, 'a released fetch is not reused');
  const failing = cache.coalesce('f', async () => {
    throw new Error('origin down');
  });
  await assert.rejects(failing.promise);
  assert.equal(cache.coalesce('f', async () => 'ok').leader, true, 'a rejected fetch releases its key');
});

test('entries with files are bounded by the file budget, and a dropped entry\'s file is deleted', () => {
  const dropped: string[] = [];
  const cache = new EdgeCache(1 << 20, 2500, (f) => dropped.push(f.id));
  const withFile = (key: string, size: number): CacheEntry => ({ ...entry(key, 0), file: { id: `f-${key}`, size } });
  assert.equal(cache.set(withFile('/a', 1000)), true);
  cache.set(withFile('/b', 1000));
  cache.set(withFile('/c', 1000));
  assert.deepEqual(dropped, ['f-/a']);
  assert.equal(cache.usedFileBytes, 2000);
  assert.equal(cache.set(withFile('/huge', 3000)), false, 'a file over the whole budget is not kept');
  const b = cache.peek('/b')!;
  cache.set({ ...b, expiresAt: 5000 });
  assert.deepEqual(dropped, ['f-/a'], 'a revalidated entry keeps its file');
  cache.purge('E1', () => true);
  assert.deepEqual(dropped.sort(), ['f-/a', 'f-/b', 'f-/c']);
  assert.equal(cache.usedFileBytes, 0);
});
