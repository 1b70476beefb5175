// Unit tests for x-amz-grant-* parsing: grantee kinds, several grantees per header, permissions, S3's refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError } from '../../../core/aws-error.js';
import { grantsFromHeaders } from './grant-headers.js';

const ID = 'a'.repeat(64);

test('each header becomes grants of its permission, one per grantee, in header order', () => {
  assert.equal(grantsFromHeaders({}), undefined);
  assert.deepEqual(grantsFromHeaders({
    GrantRead: `uri="http://acs.amazonaws.com/groups/global/AllUsers", id="${ID}"`, GrantFullControl: `id=${ID}`, GrantWriteACP: 'emailAddress="a@example.com"',
  }), [
    { Grantee: { Type: 'CanonicalUser', ID }, Permission: 'FULL_CONTROL' },
    { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
    { Grantee: { Type: 'CanonicalUser', ID }, Permission: 'READ' },
    { Grantee: { Type: 'AmazonCustomerByEmail', EmailAddress: 'a@example.com' }, Permission: 'WRITE_ACP' },
  ]);
});

test('a malformed grantee, an unknown group or a bad canonical id is InvalidArgument', () => {
  for (const value of ['nonsense', 'id="short"', 'uri="http://example.com/group"', 'foo="bar"']) {
    assert.throws(() => grantsFromHeaders({ GrantRead: value }), (e: unknown) => e instanceof AwsError && e.code === 'InvalidArgument' && e.status === 400, value);
  }
});
