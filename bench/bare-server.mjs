// Baseline for the gateway-overhead figure: a bare node:http server that answers every request with a fixed
// GetCallerIdentity XML, so `kumo CPU/op − bare CPU/op` is what kumo's pipeline costs.
import { createServer } from 'node:http';
const body = Buffer.from('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::000000000000:root</Arn><UserId>000000000000</UserId><Account>000000000000</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>');
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml', 'content-length': body.length }).end(body));
});
server.listen(0, '127.0.0.1', () => console.log(`Ready. bare listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
