// Versioning rules: version ids, which version id a write gets under each bucket versioning state, and what a
// DeleteObject without a version id does (nothing special, delete marker, or "null" delete marker).
import { randomBytes } from 'node:crypto';
import { AwsError } from '../../../core/aws-error.js';

/** '' = never enabled (unversioned); otherwise the state PutBucketVersioning last set. */
export type VersioningState = '' | 'Enabled' | 'Suspended';

export const NULL_VERSION = 'null';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';

/** A 32-character opaque id in S3's alphabet (e.g. HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD in test_s3_api.snapshot.json). */
export function newVersionId(): string {
  const bytes = randomBytes(32);
  let out = '';
  for (let i = 0; i < 32; i++) out += ALPHABET[bytes[i]! & 63];
  return out;
}

/** The version id a new object or delete marker receives. */
export function versionIdForWrite(state: VersioningState): string {
  return state === 'Enabled' ? newVersionId() : NULL_VERSION;
}

/** Whether responses carry x-amz-version-id (only once versioning has been configured). */
export function exposesVersionIds(state: VersioningState): boolean {
  return state !== '';
}

/** Writes under any state but Enabled replace the existing "null" version instead of stacking a new one. */
export function replacesNullVersion(state: VersioningState): boolean {
  return state !== 'Enabled';
}

/** What DeleteObject without a VersionId does. */
export function deleteWithoutVersion(state: VersioningState): 'remove-null' | 'marker' | 'null-marker' {
  if (state === '') return 'remove-null';
  return state === 'Enabled' ? 'marker' : 'null-marker';
}

/** PutBucketVersioning accepts Enabled or Suspended only (MalformedXML otherwise, as S3 answers). */
export function parseVersioningStatus(status: string | undefined): 'Enabled' | 'Suspended' {
  if (status === 'Enabled' || status === 'Suspended') return status;
  throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', { status: 400 });
}

/** Version ids a client passes must be ones we could have issued ("null" or 32 chars); others are InvalidArgument. */
export function requireWellFormedVersionId(versionId: string): void {
  if (versionId === NULL_VERSION || /^[A-Za-z0-9._]{32}$/.test(versionId)) return;
  throw new AwsError('InvalidArgument', 'Invalid version id specified', {
    status: 400,
    fields: { ArgumentName: 'versionId', ArgumentValue: versionId },
  });
}
