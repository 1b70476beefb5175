// Event notification rules: which configurations S3 accepts, which events and key filters match a change, and the
// event record JSON S3 delivers (S3 user guide, "Event message structure", version 2.1; test event on configuration).
import { AwsError, notImplemented } from '../../../core/aws-error.js';
import type { NotificationConfiguration, QueueConfiguration } from '../../../generated/s3/api.js';
import { urlEncodeKey } from '../objects/listing.js';
import { malformedXml } from '../s3-errors.js';

/** Events kumo emits. Others S3 knows (tagging, ACL, restore, lifecycle, replication…) are refused as not implemented. */
const EMITTED = ['ObjectCreated:Put', 'ObjectCreated:Copy', 'ObjectCreated:CompleteMultipartUpload', 'ObjectRemoved:Delete',
  'ObjectRemoved:DeleteMarkerCreated'] as const;
export type EmittedEvent = (typeof EMITTED)[number];

const KNOWN_OTHER = /^s3:(ObjectCreated:Post|ObjectRestore:.+|ReducedRedundancyLostObject|Replication:.+|LifecycleExpiration:.+|LifecycleTransition|IntelligentTiering|ObjectTagging:.+|ObjectAcl:Put)$/;

/** Validates a PutBucketNotificationConfiguration document (test_s3_api.snapshot.json TestS3BucketNotificationConfiguration). */
export function validateNotificationConfiguration(config: NotificationConfiguration): void {
  if ((config.TopicConfigurations ?? []).length > 0) throw notImplemented('s3', 'PutBucketNotificationConfiguration', 'SNS topic destinations');
  if ((config.LambdaFunctionConfigurations ?? []).length > 0) throw notImplemented('s3', 'PutBucketNotificationConfiguration', 'Lambda destinations');
  if (config.EventBridgeConfiguration !== undefined) throw notImplemented('s3', 'PutBucketNotificationConfiguration', 'EventBridge delivery');
  for (const q of config.QueueConfigurations ?? []) {
    if (q.Events.length === 0) throw malformedXml();
    for (const event of q.Events) {
      const e: string = event;
      if (EMITTED.some((x) => eventMatches(e, x))) continue;
      if (KNOWN_OTHER.test(e)) throw notImplemented('s3', 'PutBucketNotificationConfiguration', `${e} events`);
      throw new AwsError('InvalidArgument', 'The event is not supported for notifications', {
        status: 400, fields: { ArgumentName: 'Event', ArgumentValue: e },
      });
    }
    for (const rule of q.Filter?.Key?.FilterRules ?? []) {
      if (rule.Name === undefined || rule.Value === undefined) throw malformedXml();
      const name: string = rule.Name;
      if (!/^(prefix|suffix)$/i.test(name)) {
        throw new AwsError('InvalidArgument', 'filter rule name must be either prefix or suffix', {
          status: 400, fields: { ArgumentName: 'FilterRule.Name', ArgumentValue: name },
        });
      }
    }
  }
}

/** `s3:ObjectCreated:*` matches `ObjectCreated:Put`; an exact name matches itself. */
export function eventMatches(pattern: string, event: string): boolean {
  const p = pattern.replace(/^s3:/, '');
  return p.endsWith(':*') ? event.startsWith(p.slice(0, -1)) : p === event;
}

export function keyMatches(config: QueueConfiguration, key: string): boolean {
  for (const rule of config.Filter?.Key?.FilterRules ?? []) {
    const value = rule.Value ?? '';
    const name: string = rule.Name ?? '';
    if (/^prefix$/i.test(name) && !key.startsWith(value)) return false;
    if (/^suffix$/i.test(name) && !key.endsWith(value)) return false;
  }
  return true;
}

export interface EventObject {
  key: string;
  size?: number;
  etag?: string;
  versionId?: string;
}

export interface EventContext {
  region: string;
  time: number;
  requestId: string;
  principal: string;
  bucket: string;
  bucketOwner: string;
  configurationId: string;
  /** Monotonic per bucket and key; hex as S3 sends it. */
  sequencer: string;
}

/** One record of an S3 event message; keys are URL-encoded like a form value, as S3 does. */
export function eventRecord(eventName: EmittedEvent, obj: EventObject, c: EventContext): Record<string, unknown> {
  const object: Record<string, unknown> = { key: urlEncodeKey(obj.key), sequencer: c.sequencer };
  if (obj.size !== undefined) object['size'] = obj.size;
  if (obj.etag !== undefined && obj.etag !== '') object['eTag'] = obj.etag.replace(/"/g, '');
  if (obj.versionId !== undefined && obj.versionId !== 'null') object['versionId'] = obj.versionId;
  return {
    eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: c.region, eventTime: new Date(c.time).toISOString(), eventName,
    userIdentity: { principalId: c.principal }, requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': c.requestId, 'x-amz-id-2': Buffer.from(c.requestId).toString('base64') },
    s3: {
      s3SchemaVersion: '1.0', configurationId: c.configurationId,
      bucket: { name: c.bucket, ownerIdentity: { principalId: c.bucketOwner }, arn: `arn:aws:s3:::${c.bucket}` },
      object,
    },
  };
}

/** The message S3 sends to each destination when a configuration is saved. */
export function testEvent(bucket: string, requestId: string, time: number): Record<string, unknown> {
  return { Service: 'Amazon S3', Event: 's3:TestEvent', Time: new Date(time).toISOString(), Bucket: bucket, RequestId: requestId,
    HostId: Buffer.from(requestId).toString('base64') };
}
