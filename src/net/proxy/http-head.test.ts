// The head-only parser and body framing: heads parse from raw bytes, hop-by-hop fields are dropped on re-writing,
// smuggling shapes are refused, and chunked bodies are framed byte for byte however they are split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BodyFramer } from './body-framing.js';
import { buildRequestHead, buildResponseHead, findHeadEnd, headerValue, HttpParseError, parseRequestHead, parseResponseHead } from './http-head.js';

function req(text: string) {
  const buf = Buffer.from(text, 'latin1');
  const end = findHeadEnd(buf);
  assert.ok(end > 0);
  return parseRequestHead(buf, end);
}

test('a request head parses into method, target, version, fields and framing', () => {
  const h = req('POST /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nX-Thing:  v  \r\n\r\nhello');
  assert.equal(h.method, 'POST');
  assert.equal(h.target, '/a/b?x=1');
  assert.equal(h.versionMinor, 1);
  assert.equal(h.contentLength, 5);
  assert.equal(h.keepAlive, true);
  assert.equal(headerValue(h, 'x-thing'), 'v');
  assert.equal(h.length, 'POST /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nX-Thing:  v  \r\n\r\n'.length);
});

test('keep-alive follows the version and the Connection header', () => {
  assert.equal(req('GET / HTTP/1.1\r\nConnection: close\r\n\r\n').keepAlive, false);
  assert.equal(req('GET / HTTP/1.0\r\n\r\n').keepAlive, false);
  assert.equal(req('GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n').keepAlive, true);
});

test('smuggling shapes and malformed heads are refused', () => {
  const bad = [
    'GET / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n',
    'GET / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n',
    'GET / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n',
    'GET / HTTP/1.1\r\nBad Name: x\r\n\r\n',
    'GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n',
    'GET /\r\n\r\n',
    'GET / HTTP/2.0\r\n\r\n',
    'G(T / HTTP/1.1\r\n\r\n',
    'GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n',
  ];
  for (const text of bad) assert.throws(() => req(text), HttpParseError, text);
});

test('the upstream head drops hop-by-hop fields and those Connection names, and applies edits', () => {
  const h = req('GET /p HTTP/1.0\r\nHost: a:80\r\nConnection: keep-alive, X-Private\r\nX-Private: 1\r\nKeep-Alive: 5\r\nAccept: */*\r\n\r\n');
  const out = buildRequestHead(h, { host: 'b:8080', remove: new Set(['accept']), append: ['X-Forwarded-For', '1.2.3.4'] });
  assert.equal(out, 'GET /p HTTP/1.1\r\nHost: b:8080\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n');
});

test('a response head parses and re-writes with appended fields and Connection: close', () => {
  const buf = Buffer.from('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n', 'latin1');
  const h = parseResponseHead(buf, findHeadEnd(buf));
  assert.equal(h.status, 404);
  assert.equal(h.reason, 'Not Found');
  assert.equal(buildResponseHead(h, { append: ['Set-Cookie', 'a=b'] }, true), 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nSet-Cookie: a=b\r\nConnection: close\r\n\r\n');
  assert.throws(() => parseResponseHead(Buffer.from('HTTP/1.1 abc\r\n\r\n'), 16), (e: HttpParseError) => e.status === 502);
});

test('chunked framing ends exactly after the last chunk and trailers, split at every byte', () => {
  const body = Buffer.from('5;ext=1\r\nhello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: x\r\n\r\n', 'latin1');
  const next = Buffer.from('GET / HTTP/1.1\r\n\r\n');
  const all = Buffer.concat([body, next]);
  for (let split = 1; split < all.length; split++) {
    const f = new BodyFramer();
    f.reset('chunked', 0);
    const a = f.consume(all, 0, split);
    const b = f.done ? 0 : f.consume(all, split, all.length);
    assert.equal(a + b, body.length, `split at ${split}`);
    assert.equal(f.done, true);
  }
});

test('broken chunk framing throws; Content-Length counts; responses without bodies are framed as none', () => {
  const f = new BodyFramer();
  f.reset('chunked', 0);
  assert.throws(() => f.consume(Buffer.from('zz\r\n'), 0, 4), HttpParseError);
  f.reset('chunked', 0);
  assert.throws(() => f.consume(Buffer.from('3\r\nabcX'), 0, 7), HttpParseError);
  f.reset('length', 4);
  assert.equal(f.consume(Buffer.from('abcdef'), 0, 6), 4);
  assert.equal(f.done, true);
  const head = parseResponseHead(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'), 27);
  f.forResponse(head, 'GET');
  assert.equal(f.kind, 'none');
  const noLength = parseResponseHead(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'), 19);
  f.forResponse(noLength, 'GET');
  assert.equal(f.kind, 'close');
  f.forResponse(noLength, 'HEAD');
  assert.equal(f.kind, 'none');
});
