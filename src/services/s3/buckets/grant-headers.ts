// The x-amz-grant-* headers (PutObject, CreateBucket, PutBucketAcl, PutObjectAcl, CreateMultipartUpload, CopyObject):
// `id="…", uri="…", emailAddress="…"` lists turned into ACL grants, which replace the whole ACL (no implicit owner grant).
import { AwsError } from '../../../core/aws-error.js';
import type { Grant } from '../../../generated/s3/api.js';

export interface GrantHeaders {
  GrantFullControl?: string | undefined;
  GrantRead?: string | undefined;
  GrantReadACP?: string | undefined;
  GrantWrite?: string | undefined;
  GrantWriteACP?: string | undefined;
}

const PERMISSIONS: ReadonlyArray<[keyof GrantHeaders, string, NonNullable<Grant['Permission']>]> = [
  ['GrantFullControl', 'x-amz-grant-full-control', 'FULL_CONTROL'], ['GrantRead', 'x-amz-grant-read', 'READ'],
  ['GrantReadACP', 'x-amz-grant-read-acp', 'READ_ACP'], ['GrantWrite', 'x-amz-grant-write', 'WRITE'],
  ['GrantWriteACP', 'x-amz-grant-write-acp', 'WRITE_ACP'],
];

/** S3's predefined groups (S3 user guide, "Access control list (ACL) overview": Amazon S3 predefined groups). */
const GROUPS: ReadonlySet<string> = new Set([
  'http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
  'http://acs.amazonaws.com/groups/s3/LogDelivery',
]);

export function hasGrantHeaders(input: GrantHeaders): boolean {
  return PERMISSIONS.some(([member]) => input[member] !== undefined);
}

function invalidGrant(header: string, value: string): AwsError {
  return new AwsError('InvalidArgument', 'Invalid id', { status: 400, fields: { ArgumentName: header, ArgumentValue: value } });
}

/** One grantee of a header: `id="64 hex"`, `uri="group"` or `emailAddress="a@b"` (quotes optional). */
function grantee(header: string, item: string): NonNullable<Grant['Grantee']> {
  const m = /^\s*(id|uri|emailAddress)\s*=\s*"?([^"]*)"?\s*$/i.exec(item);
  if (!m) throw invalidGrant(header, item);
  const kind = m[1]!.toLowerCase();
  const value = m[2]!;
  if (kind === 'id') {
    if (!/^[0-9a-f]{64}$/.test(value)) throw invalidGrant(header, value);
    return { Type: 'CanonicalUser', ID: value };
  }
  if (kind === 'uri') {
    if (!GROUPS.has(value)) throw new AwsError('InvalidArgument', 'Invalid group uri', { status: 400, fields: { ArgumentName: header, ArgumentValue: value } });
    return { Type: 'Group', URI: value };
  }
  if (!/^[^@\s]+@[^@\s]+$/.test(value)) throw invalidGrant(header, value);
  return { Type: 'AmazonCustomerByEmail', EmailAddress: value };
}

/** The grants the headers name, in header order; undefined when none is present. */
export function grantsFromHeaders(input: GrantHeaders): Grant[] | undefined {
  if (!hasGrantHeaders(input)) return undefined;
  const grants: Grant[] = [];
  for (const [member, header, permission] of PERMISSIONS) {
    const value = input[member];
    if (value === undefined) continue;
    for (const item of value.split(',')) if (item.trim() !== '') grants.push({ Grantee: grantee(header, item), Permission: permission });
  }
  return grants;
}
