// Hand-written error helpers must agree with the model: every helper that builds a modeled error (SQS's
// QueueDoesNotExist, S3's NoSuchBucket, …) carries the model's HTTP status and query code, so the two cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../src/core/aws-error.js';
import { ERRORS as SQS_ERRORS } from '../../src/generated/sqs/errors.js';
import { ERRORS as S3_ERRORS } from '../../src/generated/s3/errors.js';
import { ERRORS as DYNAMODB_ERRORS } from '../../src/generated/dynamodb/errors.js';
import * as sqsErrors from '../../src/services/sqs/errors.js';
import * as s3Errors from '../../src/services/s3/s3-errors.js';
import * as dynamodbContext from '../../src/services/dynamodb/context.js';

type Facts = Readonly<Record<string, { code: string; status: number; queryCode?: string }>>;

function checkHelpers(service: string, helpers: Record<string, unknown>, modeled: Facts): number {
  let checked = 0;
  for (const [name, helper] of Object.entries(helpers)) {
    if (typeof helper !== 'function') continue;
    let error: unknown;
    try {
      error = (helper as (...args: unknown[]) => unknown)('x', 'x', 'x');
    } catch {
      continue; // not an error factory
    }
    if (!isAwsError(error)) continue;
    const facts = Object.values(modeled).find((f) => f.code === error.code);
    if (!facts) continue;
    assert.equal(error.status, facts.status, `${service} ${name}() builds ${error.code} with status ${error.status}; the model says ${facts.status}`);
    if (facts.queryCode) assert.equal(error.queryCode, facts.queryCode, `${service} ${name}() query code`);
    checked++;
  }
  return checked;
}

test('SQS error helpers carry the model status and query code (ReceiptHandleIsInvalid is 404)', () => {
  assert.ok(checkHelpers('sqs', sqsErrors, SQS_ERRORS) >= 8);
  assert.equal(sqsErrors.receiptHandleIsInvalid('h').status, 404);
});

test('S3 error helpers for modeled errors carry the model status', () => {
  assert.ok(checkHelpers('s3', s3Errors, S3_ERRORS) >= 4);
});

test('DynamoDB error helpers for modeled errors carry the model status', () => {
  assert.ok(checkHelpers('dynamodb', dynamodbContext, DYNAMODB_ERRORS) >= 1);
});
