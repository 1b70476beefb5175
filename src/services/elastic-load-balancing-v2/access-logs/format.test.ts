// The access log formats and file names against the examples in the ALB, NLB and CLB user guides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { albLine, clbLine, isoMicros, lbLogId, logKey, nlbLine } from './format.js';

const T = Date.UTC(2018, 6, 2, 22, 23, 0, 186);

test('isoMicros writes six fractional digits and Z', () => {
  assert.equal(isoMicros(T), '2018-07-02T22:23:00.186000Z');
});

test('an ALB entry has the 30 fields in the guide\'s order, quoted where the guide quotes', () => {
  const line = albLine({
    type: 'http', time: T, elb: 'app/my-loadbalancer/50dc6c495c0c9188', client: '192.168.131.39:2817', target: '10.0.0.1:80',
    requestMs: 0, targetMs: 1, responseMs: 0, elbStatus: 200, targetStatus: 200, receivedBytes: 34, sentBytes: 366,
    request: 'GET http://www.example.com:80/ HTTP/1.1', userAgent: 'curl/7.46.0',
    targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067',
    traceId: 'Root=1-58337262-36d228ad5d99923122bbe354', rulePriority: 0, requestCreated: T, actions: 'forward', connTraceId: 'TID_1234abcd5678ef90',
  });
  assert.equal(
    line,
    'http 2018-07-02T22:23:00.186000Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:23:00.186000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234abcd5678ef90',
  );
});

test('an NLB TLS entry starts with tls 2.0 and lists ALPN preferences quoted', () => {
  const line = nlbLine({ time: T, elb: 'net/my-nlb/c6e77e28c25b2234', listener: 'g3d4b5e8bb8464cd', client: '72.21.218.154:51341', destination: '172.100.100.185:443', connectionMs: 5, handshakeMs: 2, receivedBytes: 98, sentBytes: 246, cipher: 'ECDHE-RSA-AES128-SHA', protocol: 'tlsv12', domainName: 'my-nlb.example.com', alpnFrontend: 'h2', alpnClientPreferences: ['h2', 'http/1.1'], created: T });
  assert.equal(line, 'tls 2.0 2018-07-02T22:23:00 net/my-nlb/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - - - ECDHE-RSA-AES128-SHA tlsv12 - my-nlb.example.com h2 - "h2","http/1.1" 2018-07-02T22:23:00');
});

test('a CLB TCP entry has dashes for statuses and "- - - " for the request', () => {
  const line = clbLine({ time: T, name: 'my-loadbalancer', client: '192.168.131.39:2817', backend: '10.0.0.1:80', requestMs: 0.5, backendMs: 0, responseMs: 0, receivedBytes: 57, sentBytes: 502 });
  assert.equal(line, '2018-07-02T22:23:00.186000Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001 0.000 0.000 - - 57 502 "- - - " "-" - -');
});

test('file keys follow AWS\'s pattern: ALB names the node, NLB does not, CLB files are plain .log', () => {
  const spec = { account: '123456789012', region: 'us-east-2', prefix: 'my-prefix/', lbId: lbLogId('arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/my-lb/1234567890abcdef'), nodeIp: '172.160.1.192' };
  const end = Date.UTC(2014, 1, 15, 23, 40);
  assert.equal(logKey({ ...spec, kind: 'app' }, end, 'abcd1234'), 'my-prefix/AWSLogs/123456789012/elasticloadbalancing/us-east-2/2014/02/15/123456789012_elasticloadbalancing_us-east-2_app.my-lb.1234567890abcdef_20140215T2340Z_172.160.1.192_abcd1234.log.gz');
  assert.equal(logKey({ ...spec, kind: 'net', prefix: '' }, end, 'abcd1234'), 'AWSLogs/123456789012/elasticloadbalancing/us-east-2/2014/02/15/123456789012_elasticloadbalancing_us-east-2_app.my-lb.1234567890abcdef_20140215T2340Z_abcd1234.log.gz');
  assert.equal(logKey({ ...spec, kind: 'classic', lbId: 'my-clb', prefix: '' }, end, 'abcd1234'), 'AWSLogs/123456789012/elasticloadbalancing/us-east-2/2014/02/15/123456789012_elasticloadbalancing_us-east-2_my-clb_20140215T2340Z_172.160.1.192_abcd1234.log');
});
