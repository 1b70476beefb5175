// The services kumo implements: one descriptor each (src/services/<id>/index.ts, small: heavy modules load inside
// `load`). Every other vendored model is still routed and answers NotImplemented. Add a line when a service lands.
import { autoScalingService } from './auto-scaling/index.js';
import { cloudfrontService } from './cloudfront/index.js';
import { cloudwatchService } from './cloudwatch/index.js';
import { dynamodbService } from './dynamodb/index.js';
import { dynamodbStreamsService } from './dynamodb-streams/index.js';
import { firehoseService } from './firehose/index.js';
import { route53Service } from './route-53/index.js';
import { mftService } from './mft/index.js';
import { ec2Service } from './ec2/index.js';
import { elbv2Service } from './elastic-load-balancing-v2/index.js';
import { clbService } from './elastic-load-balancing/index.js';
import { iamService } from './iam/index.js';
import { s3Service } from './s3/index.js';
import type { ServiceDescriptor } from './service-definition.js';
import { sqsService } from './sqs/index.js';
import { stsService } from './sts/index.js';
import { wafv2Service } from './wafv2/index.js';

export const SERVICE_DESCRIPTORS: readonly ServiceDescriptor[] = [
  stsService,
  iamService,
  sqsService,
  s3Service,
  dynamodbService,
  dynamodbStreamsService,
  cloudwatchService,
  firehoseService,
  route53Service,
  mftService,
  ec2Service,
  wafv2Service,
  autoScalingService,
  cloudfrontService,
  elbv2Service,
  clbService,
] as readonly ServiceDescriptor[];
