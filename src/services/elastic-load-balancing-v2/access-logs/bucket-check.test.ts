// Bucket policies that do and do not let Elastic Load Balancing deliver logs, per the guides' example policies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policyAllowsDelivery, type DeliveryCheck } from './bucket-check.js';

const check: DeliveryCheck = { kind: 'app', account: '111122223333', region: 'us-east-1', bucket: 'logs', key: 'p/AWSLogs/111122223333/ELBAccessLogTestFile', lbArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/a/1' };
const allow = (principal: object, resource = 'arn:aws:s3:::logs/p/AWSLogs/111122223333/*'): string => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 's3:PutObject', Resource: resource }] });

test('ALB delivery is allowed to the Region\'s ELB account or the log delivery service, under the prefix', () => {
  assert.equal(policyAllowsDelivery(allow({ AWS: 'arn:aws:iam::127311923021:root' }), check), true);
  assert.equal(policyAllowsDelivery(allow({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }), check), true);
  assert.equal(policyAllowsDelivery(allow({ AWS: 'arn:aws:iam::797873946194:root' }), check), false, 'us-west-2\'s account does not serve us-east-1');
  assert.equal(policyAllowsDelivery(allow({ AWS: 'arn:aws:iam::127311923021:root' }, 'arn:aws:s3:::logs/other/*'), check), false);
  assert.equal(policyAllowsDelivery(undefined, check), false);
});

test('NLB delivery needs delivery.logs.amazonaws.com; an explicit deny wins', () => {
  const nlb = { ...check, kind: 'net' as const };
  assert.equal(policyAllowsDelivery(allow({ Service: 'delivery.logs.amazonaws.com' }), nlb), true);
  assert.equal(policyAllowsDelivery(allow({ AWS: 'arn:aws:iam::127311923021:root' }), nlb), false);
  const denied = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' }, { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' }] });
  assert.equal(policyAllowsDelivery(denied, nlb), false);
});
