// One server of bench/ab/body-write.mjs: sends a 0.65 MB body of 64 KiB chunks by the given mode (pipeline of a
// Readable, corked writes, writes then end, or one buffer), so the writers' CPU can be compared on one machine.
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
const mode = process.argv[2];
const chunks = []; let total = 0;
for (let i = 0; i < 9; i++) { const c = Buffer.alloc(65536, 97); chunks.push(c); total += c.length; }
chunks.push(Buffer.alloc(645778 - total, 97)); total = 645778;
const one = Buffer.concat(chunks);
class ChunkList extends Readable { constructor(c) { super(); this.c = c; } _read() { for (const x of this.c) this.push(x); this.push(null); } }
const server = createServer({ keepAliveTimeout: 65000 }, async (req, res) => {
  await new Promise((r) => { req.resume(); req.on('end', r); });
  const headers = { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(total), 'x-amzn-requestid': 'abc' };
  res.writeHead(200, headers);
  if (mode === 'pipeline') await pipeline(new ChunkList(chunks), res);
  else if (mode === 'cork') { res.cork(); for (const c of chunks) res.write(c); res.end(); res.uncork(); }
  else if (mode === 'corkend') { for (let i = 0; i < chunks.length - 1; i++) res.write(chunks[i]); res.end(chunks[chunks.length - 1]); }
  else res.end(one);
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
