// The S3 service's state handle: its three stores over the shared SQLite database, the blob store and the clock,
// plus the lookups every operation starts with (require bucket, owner id, second-precision time).
import { AwsError } from '../../core/aws-error.js';
import type { Clock } from '../../core/clock.js';
import type { BlobStore } from '../../store/blob-store.js';
import type { StateStore } from '../../store/state-store.js';
import type { RequestContext } from '../../core/request-context.js';
import type { LifecycleRule, NotificationConfiguration } from '../../generated/s3/api.js';
import { currentExpiry, expirationHeader } from './buckets/lifecycle.js';
import type { InternalServices } from '../service-definition.js';
import type { EmittedEvent, EventObject } from './buckets/notification-rules.js';
import { S3Notifier } from './buckets/notifier.js';
import { BucketStore, type BucketRow } from './buckets/bucket-store.js';
import { migrateS3 } from './migrations.js';
import { MultipartStore } from './multipart/multipart-store.js';
import { ObjectStore, type BlobRef, type Tag } from './objects/object-store.js';
import { keyTooLong, noSuchBucket } from './s3-errors.js';

export interface S3StateDeps {
  store: StateStore;
  blobs: BlobStore;
  clock: Clock;
  /** Other services in process (SQS for event notifications). */
  internal?: InternalServices;
  /** KUMO_S3_RESTORE_SECONDS: how long an archive restore takes on the runtime clock (0 = at once). */
  restoreSeconds?: number;
  /** --enforce-iam: Block Public Access refuses public ACLs and policies (stored only without enforcement). */
  enforcePublicAccessBlock?: boolean;
}

const MAX_KEY_BYTES = 1024;

export class S3State {
  readonly buckets: BucketStore;
  readonly objects: ObjectStore;
  readonly uploads: MultipartStore;
  readonly blobs: BlobStore;
  readonly store: StateStore;
  readonly notifier: S3Notifier;
  readonly restoreSeconds: number;
  readonly enforcePublicAccessBlock: boolean;
  private readonly clock: Clock;

  constructor(deps: S3StateDeps) {
    migrateS3(deps.store);
    this.store = deps.store;
    this.blobs = deps.blobs;
    this.clock = deps.clock;
    this.restoreSeconds = deps.restoreSeconds ?? 0;
    this.enforcePublicAccessBlock = deps.enforcePublicAccessBlock ?? false;
    this.buckets = new BucketStore(deps.store.db);
    this.objects = new ObjectStore(deps.store.db);
    this.uploads = new MultipartStore(deps.store.db);
    this.notifier = new S3Notifier(deps.internal, () => deps.clock.now());
  }

  /** Sends the bucket's matching event notifications for a committed change (no-op without a configuration). */
  notify(ctx: RequestContext, bucketName: string, event: EmittedEvent, obj: EventObject): void {
    const bucket = this.buckets.get(bucketName);
    if (!bucket) return;
    this.notifier.emit(ctx, bucket, this.buckets.getConfig<NotificationConfiguration>(bucketName, 'notification'), event, obj);
  }

  /** Now, truncated to whole seconds: S3 timestamps (LastModified) carry no milliseconds. */
  now(): number {
    return Math.floor(this.clock.now() / 1000) * 1000;
  }

  /** Unrounded clock time, for comparing against client-supplied dates. */
  exactNow(): number {
    return this.clock.now();
  }

  requireBucket(name: string): BucketRow {
    const bucket = this.buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }

  /** x-amz-expected-bucket-owner: a mismatch is AccessDenied (S3 user guide, "Verifying bucket ownership"). */
  checkExpectedOwner(input: { Bucket?: string; ExpectedBucketOwner?: string | undefined }): void {
    if (input.ExpectedBucketOwner === undefined || input.Bucket === undefined) return;
    const bucket = this.buckets.get(input.Bucket);
    if (bucket && bucket.account !== input.ExpectedBucketOwner) throw new AwsError('AccessDenied', 'Access Denied', { status: 403 });
  }

  /** Deletes blobs no longer referenced; call only after the commit that dropped their rows. */
  dropBlobs(refs: Iterable<BlobRef | string | undefined>): void {
    for (const r of refs) {
      if (r === undefined) continue;
      try {
        this.blobs.delete(typeof r === 'string' ? r : r.id);
      } catch {
        // Already gone: the sweeper or a concurrent delete got there first.
      }
    }
  }

  /** x-amz-expiration for the current version of an object, when a lifecycle rule will expire it. */
  expirationOf(bucket: string, o: { key: string; size: number; lastModified: number; tags?: Tag[] | undefined }): string | undefined {
    const rules = this.buckets.getConfig<{ Rules?: LifecycleRule[] }>(bucket, 'lifecycle')?.Rules;
    if (!rules) return undefined;
    return expirationHeader(currentExpiry(rules, { key: o.key, size: o.size, tags: o.tags ?? [], lastModified: o.lastModified }));
  }

  /** Removes blobs nothing references (used at start-up and by a periodic sweep). */
  sweep(): number {
    const referenced = new Set<string>();
    this.objects.referencedBlobs(referenced);
    this.uploads.referencedBlobs(referenced);
    return this.blobs.sweep((id) => referenced.has(id));
  }
}

export { canonicalUserId } from './owner.js';

export function requireKeyLength(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw keyTooLong();
}

export function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}
