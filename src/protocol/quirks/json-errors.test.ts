// The per-service JSON error type table: SQS qualifies its shape names with its Smithy namespace, others do not,
// and a code that is already qualified is left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceModel } from '../../core/model.js';
import { jsonErrorType } from './json-errors.js';

function model(serviceId: string): ServiceModel {
  return { metadata: { serviceId }, operations: {}, shapes: {} } as unknown as ServiceModel;
}

test('SQS error types carry com.amazonaws.sqs#, other services keep the bare shape name', () => {
  assert.equal(jsonErrorType(model('SQS'), 'QueueDoesNotExist'), 'com.amazonaws.sqs#QueueDoesNotExist');
  assert.equal(jsonErrorType(model('SQS'), 'com.amazonaws.sqs#OverLimit'), 'com.amazonaws.sqs#OverLimit');
  assert.equal(jsonErrorType(model('DynamoDB'), 'ResourceNotFoundException'), 'ResourceNotFoundException');
});
