// The TCP byte relay (NLB TCP listeners) over real loopback sockets: bytes pass both ways and are counted, a slow
// reader that stops reading gets a large stream whole and in order (backpressure), a FIN passes through while the other way stays
// open (half-close), and a reset on one side closes the other.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { canRelayNatively, relay, type RelayStats } from '../../../src/net/proxy/tcp-relay.js';

type Mode = 'echo' | 'stream' | 'late-answer' | 'reset';
const STREAM_BYTES = 4 * 1024 * 1024;
const pattern = (i: number): Buffer => Buffer.alloc(64 * 1024, i % 251);
let mode: Mode = 'echo';
const target = net.createServer((s) => {
  s.on('error', () => {});
  if (mode === 'echo') s.on('data', (c: Buffer) => s.write(c));
  else if (mode === 'stream') {
    let i = 0;
    const more = (): void => {
      while (i < STREAM_BYTES / (64 * 1024)) if (!s.write(pattern(i++))) return void s.once('drain', more);
      s.end();
    };
    more();
  } else if (mode === 'late-answer') {
    // Answers only after the client's FIN: what half-close must allow.
    const got: Buffer[] = [];
    s.on('data', (c: Buffer) => got.push(c));
    s.on('end', () => s.end(`got ${Buffer.concat(got).toString()}`));
  } else s.on('data', () => s.resetAndDestroy());
});
target.on('error', () => {});

const stats: RelayStats[] = [];
const closed: Array<Promise<void>> = [];
const relayServer = net.createServer({ noDelay: true }, (client) => {
  const upstream = net.connect({ host: '127.0.0.1', port: (target.address() as net.AddressInfo).port });
  stats.push(relay(client, upstream));
  let done!: () => void;
  closed.push(new Promise((r) => (done = r)));
  let n = 0;
  const close = (): void => {
    client.destroy();
    upstream.destroy();
    if (++n === 1) done();
  };
  client.on('error', close).on('close', close);
  upstream.on('error', close).on('close', close);
});

function relayPort(): number {
  return (relayServer.address() as net.AddressInfo).port;
}

before(async () => {
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => relayServer.listen(0, '127.0.0.1', r));
});
after(async () => {
  await new Promise<void>((r) => relayServer.close(() => r()));
  await new Promise<void>((r) => target.close(() => r()));
});

test('plain TCP sockets take the native relay; TLS sockets would be piped', () => {
  assert.equal(canRelayNatively(new net.Socket(), new net.Socket()), true);
  const tlsLike = Object.assign(new net.Socket(), { encrypted: true });
  assert.equal(canRelayNatively(tlsLike, new net.Socket()), false);
});

test('the relay carries bytes both ways over one connection and counts them', async () => {
  mode = 'echo';
  const s = net.connect(relayPort(), '127.0.0.1');
  let got = '';
  for (const word of ['alpha', 'beta', 'gamma']) {
    s.write(word);
    got += await new Promise<string>((resolve) => s.once('data', (c: Buffer) => resolve(c.toString())));
  }
  assert.equal(got, 'alphabetagamma');
  s.end();
  await closed.at(-1);
  assert.equal(stats.at(-1)!.bytes(), 2 * 'alphabetagamma'.length);
});

test('a reader that stops reading gets a 4 MiB stream whole and in order once it reads again', async () => {
  mode = 'stream';
  const expected = createHash('sha256');
  for (let i = 0; i < STREAM_BYTES / (64 * 1024); i++) expected.update(pattern(i));
  const s = net.connect(relayPort(), '127.0.0.1');
  s.pause();
  // Not reading: the client's kernel buffer fills, the relay's write goes asynchronous and it stops reading the target.
  while (stats.length === 0 || stats.at(-1)!.stalls() === 0) await new Promise((r) => setTimeout(r, 10));
  const hash = createHash('sha256');
  let bytes = 0;
  s.on('data', (c: Buffer) => {
    hash.update(c);
    bytes += c.length;
  });
  s.resume();
  await new Promise((r) => s.on('end', r));
  assert.equal(bytes, STREAM_BYTES);
  assert.equal(hash.digest('hex'), expected.digest('hex'));
  await closed.at(-1);
  assert.equal(stats.at(-1)!.bytes(), STREAM_BYTES);
  assert.ok(stats.at(-1)!.stalls() >= 1);
});

test("a client's FIN reaches the target, which can still answer (half-close)", async () => {
  mode = 'late-answer';
  const s = net.connect({ port: relayPort(), host: '127.0.0.1', allowHalfOpen: true });
  let reply = '';
  s.on('data', (c: Buffer) => (reply += c.toString()));
  s.end('question');
  await new Promise((r) => s.on('end', r));
  assert.equal(reply, 'got question');
  await closed.at(-1);
});

test('a reset from the target closes the client connection', async () => {
  mode = 'reset';
  const s = net.connect(relayPort(), '127.0.0.1', () => s.write('x'));
  s.on('error', () => {});
  await new Promise((r) => s.on('close', r));
  await closed.at(-1);
});
