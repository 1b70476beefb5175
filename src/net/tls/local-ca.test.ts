// The local CA: its certificate is a CA Node accepts, leaves chain to it and name what they were minted for,
// and a persisted CA is the same after reopening its directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCa } from './local-ca.js';

test('the CA certificate is a CA and leaves are signed by it for their names', () => {
  const ca = LocalCa.open(undefined);
  const caCert = new X509Certificate(ca.certPem);
  assert.equal(caCert.ca, true);
  const leaf = ca.leaf(['*.cloudfront.net', 'cdn.example.com', '127.0.0.1']);
  const leafCert = new X509Certificate(leaf.cert);
  assert.equal(leafCert.ca, false);
  assert.equal(leafCert.checkIssued(caCert), true);
  assert.equal(leafCert.verify(caCert.publicKey), true);
  assert.ok(leafCert.checkHost('d1234567890abc.cloudfront.net'));
  assert.ok(leafCert.checkHost('cdn.example.com'));
  assert.equal(leafCert.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(leafCert.checkHost('other.example.com'), undefined);
  assert.equal(ca.leaf(['cdn.example.com', '*.cloudfront.net', '127.0.0.1']), leaf, 'cached per name set');
});

test('a TLS client trusting only the CA accepts a leaf for the name it asks', async () => {
  const ca = LocalCa.open(undefined);
  const server = createServer({ SNICallback: (name, cb) => cb(null, ca.secureContext([name])) }, (s) => s.end('hello'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, servername: 'dabcdefghijklm.cloudfront.net', ca: ca.certPem }, () => undefined);
      let data = '';
      socket.on('data', (d) => (data += String(d)));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.equal(text, 'hello');
  } finally {
    server.close();
  }
});

test('a persisted CA is the same after reopening, its key readable only by the owner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumo-ca-'));
  try {
    const first = LocalCa.open(dir);
    const second = LocalCa.open(dir);
    assert.equal(second.certPem, first.certPem);
    assert.equal(statSync(join(dir, 'ca-key.pem')).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
