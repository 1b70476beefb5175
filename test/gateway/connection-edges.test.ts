// Connections as real clients use them: a client that half-closes after sending still gets its answer, a client that
// disconnects mid-upload is one log line (not an InternalFailure with a stack), and shutdown leaves no temp upload files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestKumo } from '../support/kumo.js';
import { trustedS3HeaderLines } from '../support/s3-trusted.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';

// The S3 requests here are signed: an unsigned one is anonymous and refused before its body is read.
const SIGNED = trustedS3HeaderLines();

/** Sends `raw`, half-closes, and collects what comes back until the server closes. */
function halfClosed(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(raw));
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

test('a client that half-closes after sending its request still gets the answer', async () => {
  const kumo = await startTestKumo();
  try {
    const port = Number(new URL(kumo.url).port);
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const sts = await halfClosed(port, `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    assert.match(sts, /^HTTP\/1\.1 200 /);
    assert.match(sts, /<Account>000000000000<\/Account>/);
    const put = await halfClosed(port, `PUT /half-open HTTP/1.1\r\nHost: 127.0.0.1\r\n${SIGNED}Content-Length: 0\r\n\r\n`);
    assert.match(put, /^HTTP\/1\.1 200 /);
  } finally {
    await kumo.stop();
  }
});

test('a client that disconnects mid-upload is logged as one client-abort line, never as InternalFailure', async () => {
  const infos: string[] = [];
  const errors: string[] = [];
  const logger: Logger = { ...silentLogger, info: (m) => infos.push(m), error: (m) => errors.push(m) };
  const kumo = await startTestKumo({}, { logger });
  try {
    const port = Number(new URL(kumo.url).port);
    await halfClosed(port, `PUT /aborts HTTP/1.1\r\nHost: 127.0.0.1\r\n${SIGNED}Content-Length: 0\r\n\r\n`);
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`PUT /aborts/big HTTP/1.1\r\nHost: 127.0.0.1\r\n${SIGNED}Content-Length: 1000000\r\n\r\n${'x'.repeat(100_000)}`, () => {
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 100);
        });
      });
    });
    for (let i = 0; i < 50 && infos.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(errors, []);
    assert.equal(infos.filter((l) => /client disconnected during s3\.PutObject/.test(l)).length, 1, infos.join('\n'));
  } finally {
    await kumo.stop();
  }
});

test('temp files of interrupted uploads are removed at shutdown', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kumo-temps-'));
  try {
    const kumo = await startTestKumo({ inMemory: false, dataDir });
    writeFileSync(join(dataDir, 'blobs', 'tmp', '0123456789abcdef0123456789abcdef.tmp'), 'partial');
    await kumo.stop();
    assert.deepEqual(readdirSync(join(dataDir, 'blobs', 'tmp')), []);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an upload refused mid-body is answered at once and the rest is not read beyond a bounded drain', async () => {
  const kumo = await startTestKumo();
  try {
    const port = Number(new URL(kumo.url).port);
    const put = (raw: string): Promise<string> => halfClosed(port, raw);
    assert.match(await put(`PUT /drain HTTP/1.1\r\nHost: 127.0.0.1\r\n${SIGNED}Content-Length: 0\r\n\r\n`), /^HTTP\/1\.1 200 /);
    const total = 256 * 1024 * 1024;
    const head = [
      'PUT /drain/key HTTP/1.1', 'Host: 127.0.0.1', ...SIGNED.trimEnd().split('\r\n'), 'Content-Encoding: aws-chunked', 'x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-decoded-content-length: 1000', `Content-Length: ${total}`, '', '',
    ].join('\r\n');
    const socket = connect(port, '127.0.0.1');
    let sent = 0;
    const outcome = await new Promise<{ answer: string; closed: boolean }>((resolve) => {
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
      socket.on('end', () => resolve({ answer, closed: true }));
      socket.on('error', () => resolve({ answer, closed: true }));
      socket.write(head);
      // Not a chunk header: the server refuses after the first bytes, while the client keeps sending.
      socket.write('zz-not-a-chunk-size\r\n');
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      const pump = (): void => {
        while (sent < total && socket.writable) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
    socket.destroy();
    assert.match(outcome.answer, /^HTTP\/1\.1 400 /);
    assert.match(outcome.answer, /<Code>/);
    // The server stopped reading long before the 256 MiB were sent (drain limit plus socket buffers).
    assert.ok(sent < 64 * 1024 * 1024, `client sent ${sent} bytes before the server closed`);
  } finally {
    await kumo.stop();
  }
});
