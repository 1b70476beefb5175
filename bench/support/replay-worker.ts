// The replay client's worker thread: writes pre-signed requests on raw sockets and reads Content-Length answers,
// one request in flight per socket, counting 200s (see replay-client.ts).
import { connect } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

const { port, requests, connections } = workerData as { port: number; requests: Uint8Array[]; connections: number };
let next = 0;
let ok = 0;
let failed = 0;
let firstFailure = '';

function drive(): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let pending: Buffer = Buffer.alloc(0);
    const sendNext = (): void => {
      if (next >= requests.length) {
        socket.end();
        return;
      }
      socket.write(requests[next++]!);
    };
    socket.on('connect', sendNext);
    socket.on('data', (data: Buffer) => {
      pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
      for (;;) {
        const headEnd = pending.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = pending.subarray(0, headEnd).toString('latin1');
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < headEnd + 4 + length) return;
        if (head.startsWith('HTTP/1.1 200')) ok++;
        else {
          failed++;
          if (firstFailure === '') firstFailure = `${head}\n${pending.subarray(headEnd + 4, headEnd + 4 + length).toString()}`;
        }
        pending = pending.subarray(headEnd + 4 + length);
        sendNext();
      }
    });
    socket.on('error', (e) => {
      failed++;
      if (firstFailure === '') firstFailure = String(e);
    });
    socket.on('close', () => resolve());
  });
}

await Promise.all(Array.from({ length: connections }, drive));
parentPort!.postMessage({ ok, failed, firstFailure });
