// A node's S3 identity lives in kumo's state store with the node: it survives a restart of kumo, and clearing it
// returns the node to the default account's root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { openStateStore } from '../../../src/store/state-store.js';
import { MftNodes } from '../../../src/services/mft/nodes.js';
import { tempDir } from './mft-support.js';

test('a node identity set before a restart is still the node\'s identity after it, until it is cleared', async () => {
  const dataDir = tempDir('identity');
  const identity = { switchRoleArn: 'arn:aws:iam::000000000000:role/mft-writer', externalId: 'ex', roleSessionName: 'node-a' };
  let store = openStateStore({ dataDir });
  let nodes = new MftNodes(store, { dataDir, inMemory: false });
  await nodes.create({ name: 'keeper', address: '127.0.17.9', port: 30000, obsPort: 31000, codeSet: '8' });
  await nodes.setIdentity('keeper', identity);
  await nodes.close();
  store.close();

  store = openStateStore({ dataDir });
  nodes = new MftNodes(store, { dataDir, inMemory: false });
  assert.deepEqual(nodes.records().map((r) => [r.name, r.identity]), [['keeper', identity]]);
  await nodes.setIdentity('keeper', undefined);
  assert.equal(nodes.records()[0]!.identity, undefined);
  await nodes.close();
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});
