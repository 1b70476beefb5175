// The floor for bench/ab/get-records.mjs: a bare node:http server answering GetShardIterator and GetRecords with
// the bodies kumo sent (saved in the directory given as argument), Content-Length set, nothing else.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.argv[2];
const it = readFileSync(join(dir, 'it.json')), gr = readFileSync(join(dir, 'gr.json'));
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const target = req.headers['x-amz-target'] ?? '';
  req.resume();
  req.on('end', () => { const b = target.endsWith('GetRecords') ? gr : it; res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': b.length }).end(b); });
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
