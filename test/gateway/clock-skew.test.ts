// Under --enforce-iam a request signed 15+ minutes before or after the server's wall clock is refused as AWS refuses
// it: S3 RequestTimeTooSkewed with RequestTime/ServerTime, STS and SQS SignatureDoesNotMatch "Signature expired",
// DynamoDB InvalidSignatureException (400). The runtime clock tests advance plays no part.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startTestKumo, type TestKumo } from '../support/kumo.js';
import { assertAwsError } from '../support/aws-error.js';

let kumo: TestKumo;
before(async () => {
  kumo = await startTestKumo({ enforceIam: true });
});
after(async () => {
  await kumo.stop();
});

const SKEW = 20 * 60 * 1000;
/** Client settings whose clock is off by `offsetMs` and that never retry (the SDKs correct skew on retry). */
function skewed(offsetMs: number): ReturnType<TestKumo['clientConfig']> & { systemClockOffset: number; maxAttempts: number } {
  return { ...kumo.clientConfig(), systemClockOffset: offsetMs, maxAttempts: 1 };
}

test('S3 answers RequestTimeTooSkewed 403 to a request signed 20 minutes ago or ahead', async () => {
  for (const offset of [-SKEW, SKEW]) {
    const error = await assertAwsError(new S3Client({ ...skewed(offset), forcePathStyle: true }).send(new ListBucketsCommand({})), {
      code: 'RequestTimeTooSkewed', status: 403, message: 'The difference between the request time and the current time is too large.',
    });
    assert.match(String(error['RequestTime']), /^\d{8}T\d{6}Z$/);
    assert.match(String(error['ServerTime']), /^\d{4}-\d\d-\d\dT/);
  }
});

test('STS and SQS answer SignatureDoesNotMatch "Signature expired" to a request signed 20 minutes ago', async () => {
  await assertAwsError(new STSClient(skewed(-SKEW)).send(new GetCallerIdentityCommand({})), {
    code: 'SignatureDoesNotMatch', status: 403, message: /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
  });
  await assertAwsError(new SQSClient(skewed(-SKEW)).send(new ListQueuesCommand({})), {
    code: 'SignatureDoesNotMatch', status: 403, message: /^Signature expired: /,
  });
  await assertAwsError(new STSClient(skewed(SKEW)).send(new GetCallerIdentityCommand({})), {
    code: 'SignatureDoesNotMatch', status: 403, message: /^Signature not yet current: \d{8}T\d{6}Z is still later than /,
  });
});

test('DynamoDB answers InvalidSignatureException 400 to a request signed 20 minutes ago', async () => {
  await assertAwsError(new DynamoDBClient(skewed(-SKEW)).send(new ListTablesCommand({})), {
    code: 'InvalidSignatureException', status: 400, message: /^Signature expired: .* - 15 min\.\)$/,
  });
});

test('advancing the runtime clock does not expire signatures: skew is wall time', async () => {
  await kumo.advance(3600);
  const out = await new STSClient({ ...kumo.clientConfig(), maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
  assert.equal(out.Account, '000000000000');
});
