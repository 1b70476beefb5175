import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENERATED_SERVICES } from '../generated/services.js';
import { routeRequest, type RouteRequest } from './service-router.js';

function request(overrides: Partial<RouteRequest>): RouteRequest {
  return { method: 'POST', path: '/', query: new URLSearchParams(), headers: {}, form: undefined, ...overrides };
}
const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/${service}/aws4_request, SignedHeaders=host, Signature=abc`;

test('the credential scope picks the service; ELB and ELBv2 are told apart by Version', () => {
  const v2 = routeRequest(request({ headers: { authorization: auth('elasticloadbalancing') }, form: new URLSearchParams('Action=DescribeLoadBalancers&Version=2015-12-01') }), GENERATED_SERVICES);
  assert.deepEqual(v2, { serviceId: 'elastic-load-balancing-v2', protocol: 'query' });
  const classic = routeRequest(request({ headers: { authorization: auth('elasticloadbalancing') }, form: new URLSearchParams('Action=DescribeLoadBalancers&Version=2012-06-01') }), GENERATED_SERVICES);
  assert.deepEqual(classic, { serviceId: 'elastic-load-balancing', protocol: 'query' });
});

test('X-Amz-Target routes JSON services and the RPC v2 path routes CBOR', () => {
  assert.deepEqual(routeRequest(request({ headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' } }), GENERATED_SERVICES), { serviceId: 'dynamodb', protocol: 'json' });
  assert.deepEqual(
    routeRequest(request({ path: '/service/GraniteServiceVersion20100801/operation/GetMetricData', headers: { 'smithy-protocol': 'rpc-v2-cbor', authorization: auth('monitoring') } }), GENERATED_SERVICES),
    { serviceId: 'cloudwatch', protocol: 'smithy-rpc-v2-cbor' },
  );
});

test('SQS answers its legacy query form as well as JSON', () => {
  const route = routeRequest(request({ path: '/000000000000/q', headers: { authorization: auth('sqs') }, form: new URLSearchParams('Action=SendMessage&Version=2012-11-05') }), GENERATED_SERVICES);
  assert.deepEqual(route, { serviceId: 'sqs', protocol: 'query' });
});

test('EC2 query requests use the ec2 protocol; unsigned query requests route by Version', () => {
  assert.deepEqual(routeRequest(request({ form: new URLSearchParams('Action=DescribeVpcs&Version=2016-11-15') }), GENERATED_SERVICES), { serviceId: 'ec2', protocol: 'ec2' });
  assert.deepEqual(routeRequest(request({ method: 'GET', query: new URLSearchParams('Action=GetCallerIdentity&Version=2011-06-15') }), GENERATED_SERVICES), { serviceId: 'sts', protocol: 'query' });
});

test('virtual-hosted S3 hosts and unsigned requests go to S3; rest services route by signing name', () => {
  assert.deepEqual(routeRequest(request({ method: 'GET', path: '/key', headers: { host: 'bucket.s3.localhost.localstack.cloud:4566' } }), GENERATED_SERVICES), { serviceId: 's3', protocol: 'rest-xml' });
  assert.deepEqual(routeRequest(request({ method: 'GET', path: '/bucket/key' }), GENERATED_SERVICES), { serviceId: 's3', protocol: 'rest-xml' });
  assert.deepEqual(routeRequest(request({ method: 'GET', path: '/2013-04-01/hostedzone', headers: { authorization: auth('route53') } }), GENERATED_SERVICES), { serviceId: 'route-53', protocol: 'rest-xml' });
});

test('a request signed for a service kumo does not serve is not routed', () => {
  assert.equal(routeRequest(request({ headers: { authorization: auth('kafka') }, form: new URLSearchParams('Action=X&Version=2018-11-14') }), GENERATED_SERVICES), undefined);
});

test('query parameters in the URL of a POST route like a form body', () => {
  assert.deepEqual(routeRequest(request({ query: new URLSearchParams('Action=GetCallerIdentity&Version=2011-06-15') }), GENERATED_SERVICES), { serviceId: 'sts', protocol: 'query' });
});

test('an unsigned request to a host named for a service goes to that service', () => {
  const route = routeRequest(request({ method: 'GET', query: new URLSearchParams('Action=GetCallerIdentity'), headers: { host: 'sts.us-east-1.localhost.localstack.cloud:4566' } }), GENERATED_SERVICES);
  assert.deepEqual(route, { serviceId: 'sts', protocol: 'query' });
});
