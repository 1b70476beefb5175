// Backend for the ELB benchmarks: a keep-alive node:http server answering every request with 1 KiB, started in its
// own process so that only the proxy's CPU is read from the kumo (or HAProxy) process. Optional arguments: the
// address and port to listen on (the CLB bench puts it on an EC2 instance's loopback address).
import { createServer } from 'node:http';
const body = Buffer.alloc(1024, 'x');
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length }).end(body));
});
const host = process.argv[2] ?? '127.0.0.1';
server.listen(Number(process.argv[3] ?? 0), host, () => console.log(`Ready. backend listening on http://${host}:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
