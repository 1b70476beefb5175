// The endpoint allocator: AWS ports below 1024 move up by the offset, loopback addresses come from named pools,
// skip 127.0.0.1, stay the same per key across a restart, and collapse to 127.0.0.1 where only it exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStateStore } from '../store/state-store.js';
import { EndpointAllocator } from './endpoints.js';

test('ports below 1024 are offset, others kept; offset 0 keeps the real port', () => {
  const store = openStateStore({ inMemory: true });
  const endpoints = new EndpointAllocator(store.db, 10_000, undefined, 'linux');
  assert.equal(endpoints.portFor(80), 10_080);
  assert.equal(endpoints.portFor(8080), 8080);
  assert.equal(new EndpointAllocator(store.db, 0, undefined, 'linux').portFor(53), 53);
  store.close();
});

test('addresses come from the pool, are stable per key and are released', () => {
  const store = openStateStore({ inMemory: true });
  const endpoints = new EndpointAllocator(store.db, 10_000, { nodes: '127.0.0.0/30' }, 'linux');
  const a = endpoints.address('nodes', 'lb-a');
  assert.equal(a, '127.0.0.2'); // .0 is the network, .1 is kumo's own API
  assert.equal(endpoints.address('nodes', 'lb-a'), a);
  assert.throws(() => endpoints.address('nodes', 'lb-b'), /KUMO_ERR_ENDPOINT_POOL_EXHAUSTED|no free address/);
  endpoints.release('nodes', 'lb-a');
  assert.equal(endpoints.address('nodes', 'lb-b'), '127.0.0.2');
  assert.equal(new EndpointAllocator(store.db, 10_000, { nodes: '127.0.0.0/30' }, 'darwin').address('nodes', 'x'), '127.0.0.1');
  store.close();
});

test('a key whose kept address lies outside a changed pool range gets a new address from the range', () => {
  const store = openStateStore({ inMemory: true });
  assert.equal(new EndpointAllocator(store.db, 10_000, { nodes: '127.77.0.0/16' }, 'linux').address('nodes', 'lb-a'), '127.77.0.1');
  const moved = new EndpointAllocator(store.db, 10_000, { nodes: '127.88.0.0/24' }, 'linux');
  assert.equal(moved.address('nodes', 'lb-a'), '127.88.0.1');
  assert.equal(moved.address('nodes', 'lb-a'), '127.88.0.1');
  store.close();
});
