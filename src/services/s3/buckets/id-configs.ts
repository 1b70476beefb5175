// Bucket configurations kept by Id, up to 1,000 per bucket: inventory, analytics, metrics and Intelligent-Tiering.
// Stored and listed as S3 does (100 per page, by Id); reports and metrics themselves are not produced.
import { AwsError } from '../../../core/aws-error.js';
import { malformedXml } from '../s3-errors.js';
import type { S3State } from '../s3-state.js';
import type { BucketConfigKind } from './bucket-store.js';

export type IdConfigKind = Extract<BucketConfigKind, 'inventory' | 'analytics' | 'metrics' | 'intelligent-tiering'>;

/** S3 user guide: at most 1,000 of each kind per bucket; List pages hold 100 (S3 API reference, ListBucket*Configurations). */
const MAX_PER_BUCKET = 1000;
const PAGE = 100;
const ID = /^[A-Za-z0-9\-_.]{1,64}$/;

type Stored = Record<string, { Id: string }>;

function configs(s: S3State, bucket: string, kind: IdConfigKind): Stored {
  return s.buckets.getConfig<Stored>(bucket, kind) ?? {};
}

/** S3 ErrorResponses: NoSuchConfiguration, 404 "The specified configuration does not exist." */
function noSuchConfiguration(): AwsError {
  return new AwsError('NoSuchConfiguration', 'The specified configuration does not exist.', { status: 404 });
}

export function putIdConfig(s: S3State, bucket: string, kind: IdConfigKind, id: string, config: { Id: string } | undefined): void {
  if (config === undefined) throw new AwsError('MissingRequestBodyError', 'Request Body is empty', { status: 400 });
  if (!ID.test(id)) throw new AwsError('InvalidArgument', 'Invalid Id', { status: 400, fields: { ArgumentName: 'id', ArgumentValue: id } });
  // The Id in the body must be the one in the query (S3 refuses a mismatch rather than storing either).
  if (config.Id !== id) throw malformedXml();
  s.store.transaction(() => {
    s.requireBucket(bucket);
    const all = configs(s, bucket, kind);
    if (!Object.hasOwn(all, id) && Object.keys(all).length >= MAX_PER_BUCKET) {
      throw new AwsError('TooManyConfigurations', 'You are attempting to create a new configuration but have already reached the 1,000-configuration limit.', { status: 400 });
    }
    all[id] = config;
    s.buckets.putConfig(bucket, kind, all);
  });
}

export function getIdConfig<T>(s: S3State, bucket: string, kind: IdConfigKind, id: string): T {
  s.requireBucket(bucket);
  const all = configs(s, bucket, kind);
  if (!Object.hasOwn(all, id)) throw noSuchConfiguration();
  return all[id] as T;
}

export function deleteIdConfig(s: S3State, bucket: string, kind: IdConfigKind, id: string): void {
  s.store.transaction(() => {
    s.requireBucket(bucket);
    const all = configs(s, bucket, kind);
    if (!Object.hasOwn(all, id)) throw noSuchConfiguration();
    delete all[id];
    if (Object.keys(all).length === 0) s.buckets.deleteConfig(bucket, kind);
    else s.buckets.putConfig(bucket, kind, all);
  });
}

export interface IdConfigPage<T> {
  items: T[];
  isTruncated: boolean;
  nextToken: string | undefined;
}

/** One page by Id; the continuation token is the last Id returned, opaque to clients (base64url). */
export function listIdConfigs<T>(s: S3State, bucket: string, kind: IdConfigKind, token: string | undefined): IdConfigPage<T> {
  s.requireBucket(bucket);
  let after = '';
  if (token !== undefined) {
    after = Buffer.from(token, 'base64url').toString('utf8');
    if (!ID.test(after)) throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', { status: 400, fields: { ArgumentName: 'continuation-token' } });
  }
  const ids = Object.keys(configs(s, bucket, kind)).sort().filter((id) => id > after);
  const all = configs(s, bucket, kind);
  const page = ids.slice(0, PAGE);
  const isTruncated = ids.length > PAGE;
  return { items: page.map((id) => all[id] as T), isTruncated, nextToken: isTruncated ? Buffer.from(page[page.length - 1]!).toString('base64url') : undefined };
}

/** A List*Configurations answer: the page under its list member, with the tokens S3 echoes and returns. */
export function listOutput<N extends string, T>(member: N, page: IdConfigPage<T>, token: string | undefined):
  { [K in N]: T[] } & { IsTruncated: boolean; ContinuationToken?: string; NextContinuationToken?: string } {
  const out = { [member]: page.items, IsTruncated: page.isTruncated } as { [K in N]: T[] } & { IsTruncated: boolean; ContinuationToken?: string; NextContinuationToken?: string };
  if (token !== undefined) out.ContinuationToken = token;
  if (page.nextToken !== undefined) out.NextContinuationToken = page.nextToken;
  return out;
}

const INVENTORY_FORMATS = new Set(['CSV', 'ORC', 'Parquet']);

/** The enums and required members of an inventory configuration (S3 API reference, InventoryConfiguration). */
export function validateInventory(c: {
  Destination?: { S3BucketDestination?: { Bucket?: string; Format?: string } }; IsEnabled?: boolean; IncludedObjectVersions?: string;
  Schedule?: { Frequency?: string };
}): void {
  const d = c.Destination?.S3BucketDestination;
  if (d?.Bucket === undefined || d.Format === undefined || !INVENTORY_FORMATS.has(d.Format)) throw malformedXml();
  if (!d.Bucket.startsWith('arn:aws:s3:::')) throw new AwsError('InvalidArgument', 'Invalid destination bucket ARN', { status: 400, fields: { ArgumentName: 'Bucket', ArgumentValue: d.Bucket } });
  if (typeof c.IsEnabled !== 'boolean') throw malformedXml();
  if (c.IncludedObjectVersions !== 'All' && c.IncludedObjectVersions !== 'Current') throw malformedXml();
  if (c.Schedule?.Frequency !== 'Daily' && c.Schedule?.Frequency !== 'Weekly') throw malformedXml();
}

/** Intelligent-Tiering archive tiers: ARCHIVE_ACCESS 90–730 days, DEEP_ARCHIVE_ACCESS 180–730 (S3 user guide). */
export function validateTierings(c: { Status?: string; Tierings?: Array<{ Days?: number; AccessTier?: string }> }): void {
  if (c.Status !== 'Enabled' && c.Status !== 'Disabled') throw malformedXml();
  const tierings = c.Tierings ?? [];
  if (tierings.length === 0) throw malformedXml();
  for (const t of tierings) {
    const min = t.AccessTier === 'ARCHIVE_ACCESS' ? 90 : t.AccessTier === 'DEEP_ARCHIVE_ACCESS' ? 180 : undefined;
    if (min === undefined || typeof t.Days !== 'number' || !Number.isInteger(t.Days)) throw malformedXml();
    if (t.Days < min || t.Days > 730) {
      throw new AwsError('InvalidArgument', `The ${t.AccessTier} tier's Days must be between ${min} and 730`, { status: 400, fields: { ArgumentName: 'Days', ArgumentValue: String(t.Days) } });
    }
  }
}
