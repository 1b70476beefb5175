// The list of services kumo vendors models for: kumo id (the @aws-sdk/client-<id> suffix) → botocore name.
// Shared by vendor-models.mjs and run.mjs so both agree on what exists and which services get typed APIs.

/** @typedef {{ id: string, modelName: string, typed: boolean, apiName?: string, kumo?: boolean }} ServiceEntry */

/** @type {readonly ServiceEntry[]} */
export const SERVICES = [
  { id: 'sts', modelName: 'sts', typed: true, apiName: 'StsApi' },
  { id: 'iam', modelName: 'iam', typed: true, apiName: 'IamApi' },
  { id: 's3', modelName: 's3', typed: true, apiName: 'S3Api' },
  { id: 'sqs', modelName: 'sqs', typed: true, apiName: 'SqsApi' },
  { id: 'dynamodb', modelName: 'dynamodb', typed: true, apiName: 'DynamodbApi' },
  { id: 'dynamodb-streams', modelName: 'dynamodbstreams', typed: true, apiName: 'DynamodbStreamsApi' },
  { id: 'firehose', modelName: 'firehose', typed: true, apiName: 'FirehoseApi' },
  { id: 'ec2', modelName: 'ec2', typed: true, apiName: 'Ec2Api' },
  { id: 'route-53', modelName: 'route53', typed: true, apiName: 'Route53Api' },
  { id: 'elastic-load-balancing-v2', modelName: 'elbv2', typed: true, apiName: 'ElasticLoadBalancingV2Api' },
  { id: 'elastic-load-balancing', modelName: 'elb', typed: true, apiName: 'ElasticLoadBalancingApi' },
  { id: 'cloudfront', modelName: 'cloudfront', typed: true, apiName: 'CloudfrontApi' },
  { id: 'wafv2', modelName: 'wafv2', typed: true, apiName: 'Wafv2Api' },
  { id: 'cloudwatch', modelName: 'cloudwatch', typed: true, apiName: 'CloudwatchApi' },
  { id: 'auto-scaling', modelName: 'autoscaling', typed: true, apiName: 'AutoScalingApi' },
  // kumo's own API (models/kumo/): HULFT-style managed file transfer nodes.
  { id: 'mft', modelName: 'mft', typed: true, apiName: 'MftApi', kumo: true },
];
