import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceModel } from '../core/model.js';
import { AwsError } from '../core/aws-error.js';
import { validateInput } from './input-validation.js';

const model: ServiceModel = {
  metadata: { apiVersion: '1', endpointPrefix: 'x', protocol: 'json', serviceId: 'X' },
  operations: {},
  shapes: {
    Input: { type: 'structure', required: ['TableName', 'Key'], members: { TableName: { shape: 'Name' }, Key: { shape: 'Str' }, Mode: { shape: 'Mode' }, Limit: { shape: 'Limit' }, Session: { shape: 'Session' } } },
    Name: { type: 'string', min: 3, max: 255 },
    Str: { type: 'string' },
    Mode: { type: 'string', enum: ['A', 'B'] },
    Limit: { type: 'integer', min: 1 },
    Session: { type: 'string', pattern: '[\\w+=,.@-]*' },
  },
};

function messageOf(fn: () => void): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AwsError);
    return { code: e.code, message: e.message };
  }
  assert.fail('expected a validation error');
}

test('missing required members are reported together in AWS order and wording', () => {
  const { code, message } = messageOf(() => validateInput(model, 'Input', {}, 'coral', 'json'));
  assert.equal(code, 'ValidationException');
  assert.equal(
    message,
    "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value null at 'key' failed to satisfy constraint: Member must not be null",
  );
});

test('query-protocol services call it ValidationError; enums, lengths, ranges and patterns are checked', () => {
  const base = { TableName: 'abc', Key: 'k' };
  assert.equal(messageOf(() => validateInput(model, 'Input', { ...base, Mode: 'C' }, 'coral', 'query')).message,
    "1 validation error detected: Value 'C' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [A, B]");
  assert.equal(messageOf(() => validateInput(model, 'Input', { ...base, TableName: 'ab' }, 'coral', 'query')).code, 'ValidationError');
  assert.match(messageOf(() => validateInput(model, 'Input', { ...base, Limit: 0 }, 'coral', 'json')).message, /Member must have value greater than or equal to 1/);
  // aws-recordings/sts test_sts: "Value 'Session1:2' at 'roleSessionName' ... regular expression pattern: [\w+=,.@-]*"
  assert.match(messageOf(() => validateInput(model, 'Input', { ...base, Session: 'Session1:2' }, 'coral', 'query')).message,
    /Value 'Session1:2' at 'session' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\*/);
});

test('valid input passes, and missing-parameter style names only the first missing member', () => {
  validateInput(model, 'Input', { TableName: 'abc', Key: 'k', Mode: 'A', Limit: 5 }, 'coral', 'json');
  const { code, message } = messageOf(() => validateInput(model, 'Input', { TableName: 'abc' }, 'missing-parameter', 'ec2'));
  assert.equal(code, 'MissingParameter');
  assert.equal(message, 'The request must contain the parameter Key.');
  const compatible: ServiceModel = { ...model, metadata: { ...model.metadata, awsQueryCompatible: {} } };
  const sqs = messageOf(() => validateInput(compatible, 'Input', { TableName: 'abc' }, 'missing-parameter', 'json'));
  assert.equal(sqs.code, 'MissingRequiredParameterException');
});
