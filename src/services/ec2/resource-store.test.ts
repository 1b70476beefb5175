// Unit tests for EC2's resource store: a unit of work sees its own writes, commits them together, and a throw
// leaves both SQLite and the cache untouched (a refused EC2 call changes nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStateStore } from '../../store/state-store.js';
import { Ec2Store } from './resource-store.js';

const scope = { account: '000000000000', region: 'us-east-1' };

test('writes are visible inside the unit of work and committed together', () => {
  const store = openStateStore({ inMemory: true });
  const ec2 = new Ec2Store(store);
  ec2.write((uow) => {
    uow.put(scope, 'vpc', 'vpc-1', { VpcId: 'vpc-1' });
    assert.deepEqual(uow.get(scope, 'vpc', 'vpc-1'), { VpcId: 'vpc-1' });
    assert.equal(uow.list(scope, 'vpc').length, 1);
    assert.equal(ec2.get(scope, 'vpc', 'vpc-1'), undefined, 'not visible outside before commit');
  });
  assert.deepEqual(ec2.get(scope, 'vpc', 'vpc-1'), { VpcId: 'vpc-1' });
  // A second store over the same database reads what was committed.
  assert.deepEqual(new Ec2Store(store).list(scope, 'vpc'), [{ VpcId: 'vpc-1' }]);
  store.close();
});

test('a throw inside the unit of work discards every staged write', () => {
  const store = openStateStore({ inMemory: true });
  const ec2 = new Ec2Store(store);
  assert.throws(() => ec2.write((uow) => {
    uow.put(scope, 'vpc', 'vpc-2', { VpcId: 'vpc-2' });
    throw new Error('refused');
  }), /refused/);
  assert.equal(ec2.get(scope, 'vpc', 'vpc-2'), undefined);
  assert.deepEqual(new Ec2Store(store).list(scope, 'vpc'), []);
  store.close();
});

test('list keeps creation order and deletes remove from cache and table', () => {
  const store = openStateStore({ inMemory: true });
  const ec2 = new Ec2Store(store);
  ec2.write((uow) => ['b', 'a', 'c'].forEach((id) => uow.put(scope, 'subnet', id, { id })));
  ec2.write((uow) => uow.delete(scope, 'subnet', 'a'));
  assert.deepEqual(ec2.list<{ id: string }>(scope, 'subnet').map((s) => s.id), ['b', 'c']);
  assert.deepEqual(new Ec2Store(store).list<{ id: string }>(scope, 'subnet').map((s) => s.id), ['b', 'c']);
  assert.deepEqual(ec2.list(scope, 'subnet'), ec2.list(scope, 'subnet'));
  assert.deepEqual(ec2.list({ account: '111111111111', region: 'us-east-1' }, 'subnet'), [], 'scoped by account');
  store.close();
});
