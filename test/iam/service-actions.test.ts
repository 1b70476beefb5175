// Every operation kumo implements maps to an action of the Service Authorization Reference, so enforcement never
// meets an operation it cannot authorize; the S3 names that differ from their actions are declared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { declaredAction } from '../../src/iam/action-map.js';
import { SERVICE_AUTHORIZATION } from '../../src/iam/service-actions.js';
import { AUTO_SCALING_OPERATIONS } from '../../src/services/auto-scaling/operations.js';
import { CLOUDFRONT_OPERATIONS } from '../../src/services/cloudfront/operations.js';
import { CLOUDWATCH_OPERATIONS } from '../../src/services/cloudwatch/operations.js';
import { DYNAMODB_OPERATIONS } from '../../src/services/dynamodb/operations.js';
import { DYNAMODB_STREAMS_OPERATIONS } from '../../src/services/dynamodb-streams/operations.js';
import { EC2_OPERATIONS } from '../../src/services/ec2/operations.js';
import { ELBV2_OPERATIONS } from '../../src/services/elastic-load-balancing-v2/operations.js';
import { CLB_OPERATIONS } from '../../src/services/elastic-load-balancing/operations.js';
import { MFT_OPERATIONS } from '../../src/services/mft/operations.js';
import { ROUTE53_OPERATIONS } from '../../src/services/route-53/operations.js';
import { FIREHOSE_OPERATIONS } from '../../src/services/firehose/operations.js';
import { IAM_OPERATIONS } from '../../src/services/iam/operations.js';
import { S3_OPERATIONS } from '../../src/services/s3/operations.js';
import { SQS_OPERATIONS } from '../../src/services/sqs/operations.js';
import { WAFV2_OPERATIONS } from '../../src/services/wafv2/operations.js';

const TABLES: Record<string, Readonly<Record<string, unknown>>> = {
  s3: S3_OPERATIONS, sqs: SQS_OPERATIONS, dynamodb: DYNAMODB_OPERATIONS, iam: IAM_OPERATIONS, firehose: FIREHOSE_OPERATIONS,
  cloudwatch: CLOUDWATCH_OPERATIONS,
  'dynamodb-streams': DYNAMODB_STREAMS_OPERATIONS,
  ec2: EC2_OPERATIONS,
  'route-53': ROUTE53_OPERATIONS,
  mft: MFT_OPERATIONS,
  cloudfront: CLOUDFRONT_OPERATIONS,
  wafv2: WAFV2_OPERATIONS,
  'auto-scaling': AUTO_SCALING_OPERATIONS,
  'elastic-load-balancing-v2': ELBV2_OPERATIONS,
  'elastic-load-balancing': CLB_OPERATIONS,
};

for (const [service, table] of Object.entries(TABLES)) {
  test(`every ${service} operation kumo implements has an IAM action`, async () => {
    const declared = SERVICE_AUTHORIZATION[service];
    assert.ok(declared, `${service} declares its authorization`);
    const missing: string[] = [];
    for (const operation of Object.keys(table)) {
      if (declared.unsupported?.[operation]) continue;
      // Authorized part by part (a transaction's items); the parts' actions are checked by resolving them.
      if (declared.subRequests?.(operation, {}) !== undefined) continue;
      const name = declared.actions?.[operation] ?? operation;
      if (!(await declaredAction(declared, name))) missing.push(`${operation} → ${declared.prefix}:${name}`);
    }
    assert.deepEqual(missing, []);
  });
}
