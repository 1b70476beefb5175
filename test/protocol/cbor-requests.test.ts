// Hand-built Smithy RPC v2 CBOR requests (the bytes the Go, Ruby and Swift SDKs may send) parsed against AWS's
// CloudWatch model: indefinite-length maps, arrays and strings, tag-1 timestamps, half floats, malformed bodies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../../src/core/aws-error.js';
import type { OperationModel } from '../../src/core/model.js';
import type { WireRequest } from '../../src/protocol/codec.js';
import { rpcV2CborCodec } from '../../src/protocol/rpc-v2-cbor.js';
import { loadBotocoreModel } from '../support/load-botocore-model.js';

/** A CBOR text string with a definite length (< 24 bytes). */
function text(s: string): number[] {
  const bytes = [...Buffer.from(s, 'utf8')];
  assert.ok(bytes.length < 24);
  return [0x60 + bytes.length, ...bytes];
}

function uint32(n: number): number[] {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return [...b];
}

function float64(n: number): number[] {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(n);
  return [...b];
}

const model = loadBotocoreModel('cloudwatch');

function operation(name: string): OperationModel {
  const op = model.operations[name];
  assert.ok(op);
  return op;
}

function request(op: string, body: number[]): WireRequest {
  return {
    method: 'POST',
    path: `/service/GraniteServiceVersion20100801/operation/${op}`,
    query: '',
    headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', accept: 'application/cbor' },
    body: Buffer.from(body),
  };
}

test('a hand-built GetMetricData request with indefinite-length items and tag-1 timestamps parses', () => {
  const body = [
    0xbf, // indefinite map
    ...[0x71, ...Buffer.from('MetricDataQueries')],
    0x9f, // indefinite array
    0xbf,
    ...text('Id'), ...text('m1'),
    ...text('Expression'), 0x7f, ...text('SUM('), ...text('METRICS())'), 0xff, // chunked text string
    ...text('ReturnData'), 0xf5,
    ...text('Period'), 0x18, 60,
    0xff,
    0xff,
    ...text('StartTime'), 0xc1, 0x1a, ...uint32(1764496800), // tag 1, integer seconds
    ...text('EndTime'), 0xc1, 0xfb, ...float64(1764504000.25), // tag 1, fractional seconds
    ...text('MaxDatapoints'), 0x19, 0x01, 0xf4,
    0xff,
  ];
  const req = request('GetMetricData', body);
  assert.equal(rpcV2CborCodec.resolveOperation(model, req), 'GetMetricData');
  assert.deepEqual(rpcV2CborCodec.parseInput(model, operation('GetMetricData'), req), {
    MetricDataQueries: [{ Id: 'm1', Expression: 'SUM(METRICS())', ReturnData: true, Period: 60 }],
    StartTime: new Date(1764496800 * 1000),
    EndTime: new Date(1764504000250),
    MaxDatapoints: 500,
  });
});

test('a PutMetricData request with half-precision and single-precision floats parses to numbers', () => {
  const body = [
    0xa2,
    ...text('Namespace'), ...text('App'),
    ...text('MetricData'), 0x81,
    0xa3,
    ...text('MetricName'), ...text('Hits'),
    ...text('Value'), 0xf9, 0x3e, 0x00, // float16 1.5
    ...text('Values'), 0x82, 0xfa, 0x40, 0xf4, 0x00, 0x00, 0xf9, 0x7c, 0x00, // float32 7.625, float16 +Infinity
  ];
  const input = rpcV2CborCodec.parseInput(model, operation('PutMetricData'), request('PutMetricData', body));
  assert.deepEqual(input, { Namespace: 'App', MetricData: [{ MetricName: 'Hits', Value: 1.5, Values: [7.625, Infinity] }] });
});

test('malformed CBOR bodies are rejected with SerializationException', () => {
  const cases: number[][] = [
    [0xbf, ...text('Namespace')], // truncated map
    [0xa1, ...text('Namespace'), ...text('App'), 0x00], // trailing bytes
    [0x7f, 0x41, 0x61, 0xff], // byte-string chunk inside a text string
    [0x63, 0x61], // text shorter than its length
  ];
  for (const body of cases) {
    assert.throws(
      () => rpcV2CborCodec.parseInput(model, operation('PutMetricData'), request('PutMetricData', body)),
      (e: unknown) => e instanceof AwsError && e.code === 'SerializationException' && e.status === 400,
    );
  }
});

test('a CBOR member of the wrong type is a SerializationException naming the member', () => {
  const body = [0xa1, ...text('Namespace'), 0x05];
  assert.throws(
    () => rpcV2CborCodec.parseInput(model, operation('PutMetricData'), request('PutMetricData', body)),
    (e: unknown) => e instanceof AwsError && e.code === 'SerializationException' && e.message.includes('Namespace'),
  );
});

test('an RPC v2 CBOR error for a query-compatible service names the query code with Sender or Receiver', () => {
  const ctx = { requestId: 'r' };
  const client = rpcV2CborCodec.serializeError(model, operation('GetMetricData'), new AwsError('InvalidParameterValueException', 'bad'), ctx);
  assert.equal(client.headers['x-amzn-query-error'], 'InvalidParameterValue;Sender');
  const server = rpcV2CborCodec.serializeError(model, operation('GetMetricData'), new AwsError('InternalServiceFault', 'boom', { status: 500 }), ctx);
  assert.equal(server.headers['x-amzn-query-error'], 'InternalServiceError;Receiver');
  assert.equal(server.status, 500);
});
