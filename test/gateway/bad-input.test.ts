// A table of malformed requests thrown at every protocol: each gets its protocol's AWS error (right status and
// code, never a 500), and the gateway keeps answering afterwards.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCborItem as decodeCbor } from '../../src/protocol/shared/cbor-decode.js';
import type { WireResponse } from '../../src/protocol/codec.js';
import { inProcessGateway } from '../support/kumo.js';

const gateway = inProcessGateway();
after(() => gateway.close());

const FORM = 'application/x-www-form-urlencoded';
const SCOPE = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

interface BadCase {
  name: string;
  method?: string;
  url?: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  status: number;
  code: string;
}

const CASES: BadCase[] = [
  { name: 'query: form body without Action', headers: { 'content-type': FORM, authorization: SCOPE('sts') }, body: 'Version=2011-06-15', status: 400, code: 'MissingAction' },
  { name: 'query: unknown Action', headers: { 'content-type': FORM, authorization: SCOPE('sts') }, body: 'Action=MakeCoffee&Version=2011-06-15', status: 400, code: 'InvalidAction' },
  { name: 'query: garbage form body', headers: { 'content-type': FORM, authorization: SCOPE('iam') }, body: '%%%&&&===\u0000', status: 400, code: 'MissingAction' },
  { name: 'query: required members missing', headers: { 'content-type': FORM, authorization: SCOPE('sts') }, body: 'Action=AssumeRole&Version=2011-06-15', status: 400, code: 'ValidationError' },
  { name: 'ec2: unknown Action', headers: { 'content-type': FORM, authorization: SCOPE('ec2') }, body: 'Action=DescribeUnicorns&Version=2016-11-15', status: 400, code: 'InvalidAction' },
  { name: 'ec2: required member missing', headers: { 'content-type': FORM, authorization: SCOPE('ec2') }, body: 'Action=CreateVpc&Version=2016-11-15&Ipv6Pool=x&InstanceTenancy=default&Ipv4IpamPoolId=p&X=1', status: 501, code: 'NotImplemented' },
  { name: 'json: unknown target operation', headers: { 'x-amz-target': 'DynamoDB_20120810.MakeCoffee', 'content-type': 'application/x-amz-json-1.0', authorization: SCOPE('dynamodb') }, body: '{}', status: 400, code: 'UnknownOperationException' },
  { name: 'json: truncated JSON', headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem', 'content-type': 'application/x-amz-json-1.0', authorization: SCOPE('dynamodb') }, body: '{"TableName": ', status: 400, code: 'SerializationException' },
  { name: 'json: a JSON array where an object belongs', headers: { 'x-amz-target': 'Firehose_20150804.ListDeliveryStreams', 'content-type': 'application/x-amz-json-1.1', authorization: SCOPE('firehose') }, body: '[1,2]', status: 400, code: 'SerializationException' },
  { name: 'json: required members missing', headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem', 'content-type': 'application/x-amz-json-1.0', authorization: SCOPE('dynamodb') }, body: '{}', status: 400, code: 'ValidationException' },
  { name: 'json: wrong content type still names the operation', headers: { 'x-amz-target': 'AWSWAF_20190729.MakeCoffee', 'content-type': 'text/plain', authorization: SCOPE('wafv2') }, body: 'hello', status: 400, code: 'UnknownOperationException' },
  { name: 'rest-xml: malformed XML body', method: 'PUT', url: '/bucket?tagging', headers: { authorization: SCOPE('s3'), 'content-type': 'application/xml' }, body: '<Tagging><TagSet><Tag>', status: 400, code: 'MalformedXML' },
  { name: 'rest-xml: a method S3 does not serve', method: 'PATCH', url: '/bucket/key', headers: { authorization: SCOPE('s3') }, body: 'x', status: 405, code: 'MethodNotAllowed' },
  { name: 'rest-xml: malformed XML to Route 53', method: 'POST', url: '/2013-04-01/hostedzone', headers: { authorization: SCOPE('route53') }, body: '<CreateHostedZoneRequest><Name>', status: 400, code: 'MalformedXML' },
  { name: 'cbor: garbage CBOR body', url: '/service/GraniteServiceVersion20100801/operation/DescribeAlarms', headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', authorization: SCOPE('monitoring') }, body: Buffer.from([0xff, 0xfe, 0x1c]), status: 400, code: 'SerializationException' },
  { name: 'cbor: unknown operation', url: '/service/GraniteServiceVersion20100801/operation/MakeCoffee', headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', authorization: SCOPE('monitoring') }, body: Buffer.from([0xa0]), status: 400, code: 'UnknownOperationException' },
  { name: 'auth: malformed Authorization header', headers: { 'content-type': FORM, authorization: 'AWS4-HMAC-SHA256 Garbage' }, body: 'Action=GetCallerIdentity&Version=2011-06-15', status: 400, code: 'IncompleteSignature' },
  { name: 'routing: a signing name kumo does not serve', headers: { 'content-type': FORM, authorization: SCOPE('kafka') }, body: 'Action=ListClusters&Version=2018-11-14', status: 400, code: 'UnknownService' },
];

function errorCode(res: WireResponse): string {
  const body = Buffer.isBuffer(res.body) ? res.body : Buffer.alloc(0);
  const headerType = res.headers['x-amzn-errortype'];
  if (headerType) return headerType.split(':')[0]!;
  if ((res.headers['content-type'] ?? '').includes('cbor')) {
    const decoded = decodeCbor(body) as Record<string, string>;
    return (decoded['__type'] ?? '').split('#').pop() ?? '';
  }
  return /<Code>([^<]+)<\/Code>/.exec(body.toString('utf8'))?.[1] ?? '';
}

for (const c of CASES) {
  test(`bad input gets its protocol's error: ${c.name}`, async () => {
    const res = await gateway.handle({
      method: c.method ?? 'POST',
      url: c.url ?? '/',
      headers: { host: '127.0.0.1:4566', 'x-amz-date': '20260101T000000Z', ...c.headers },
      body: typeof c.body === 'string' ? Buffer.from(c.body) : c.body ?? Buffer.alloc(0),
    });
    assert.equal(errorCode(res), c.code);
    assert.equal(res.status, c.status);
  });
}

test('the gateway still answers normally after every bad request', async () => {
  const res = await gateway.handle({
    method: 'POST',
    url: '/',
    headers: { host: '127.0.0.1:4566', 'content-type': FORM },
    body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'),
  });
  assert.equal(res.status, 200);
});
