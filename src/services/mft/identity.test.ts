// Unit tests of a node's S3 identity: HULFT's rules for the Storage Authentication Information (fields given
// together, byte limits), STS's for the role ARN and session name, and the view that never shows a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publicView, validateIdentity } from './identity.js';
import { DefinitionError } from './definitions.js';

const ROLE = 'arn:aws:iam::000000000000:role/path/mft-writer';

test('an access key with its secret (and token), or a role with ExternalId and RoleSessionName, is a valid identity', () => {
  assert.deepEqual(validateIdentity({ accessKey: 'AKIAEXAMPLE', secretAccessKey: 's' }), { accessKey: 'AKIAEXAMPLE', secretAccessKey: 's' });
  assert.deepEqual(validateIdentity({ accessKey: 'ASIAEXAMPLE', secretAccessKey: 's', sessionToken: 't' }).sessionToken, 't');
  assert.equal(validateIdentity({ switchRoleArn: ROLE, externalId: 'ex', roleSessionName: 'node-a' }).switchRoleArn, ROLE);
  assert.equal(validateIdentity({ accessKey: 'AKIAEXAMPLE', secretAccessKey: 's', switchRoleArn: ROLE, externalId: 'ex', roleSessionName: 'node-a' }).accessKey, 'AKIAEXAMPLE');
});

test('fields HULFT wants together are refused alone, and an empty identity is refused', () => {
  const refuses = (id: Parameters<typeof validateIdentity>[0], message: RegExp) => assert.throws(() => validateIdentity(id), (e: Error) => e instanceof DefinitionError && message.test(e.message));
  refuses({ accessKey: 'AKIAEXAMPLE' }, /given together/);
  refuses({ secretAccessKey: 's' }, /given together/);
  refuses({ sessionToken: 't' }, /needs AccessKey/);
  refuses({ switchRoleArn: ROLE, externalId: 'ex' }, /SwitchRoleArn, ExternalId and RoleSessionName/);
  refuses({}, /an identity needs/);
});

test('HULFT\'s byte limits and STS\'s role ARN and session-name rules apply', () => {
  assert.throws(() => validateIdentity({ accessKey: 'A'.repeat(256), secretAccessKey: 's' }), /AccessKey must be 1 to 255 bytes/);
  assert.throws(() => validateIdentity({ switchRoleArn: ROLE, externalId: 'e', roleSessionName: 'node-a' }), /ExternalId must be 2 to 2048 bytes/);
  assert.throws(() => validateIdentity({ switchRoleArn: ROLE, externalId: 'ex', roleSessionName: 'n'.repeat(65) }), /RoleSessionName must be 2 to 64 bytes/);
  assert.throws(() => validateIdentity({ switchRoleArn: ROLE, externalId: 'ex', roleSessionName: 'has space' }), /RoleSessionName may contain only/);
  assert.throws(() => validateIdentity({ switchRoleArn: 'arn:aws:iam::000000000000:user/bob', externalId: 'ex', roleSessionName: 'node-a' }), /not a role ARN/);
});

test('the public view shows the key and the role, never the secret or the session token', () => {
  assert.deepEqual(publicView({ accessKey: 'AKIAEXAMPLE', secretAccessKey: 's', sessionToken: 't' }), { AccessKey: 'AKIAEXAMPLE' });
  assert.deepEqual(publicView({ switchRoleArn: ROLE, externalId: 'ex', roleSessionName: 'node-a' }), { SwitchRoleArn: ROLE, ExternalId: 'ex', RoleSessionName: 'node-a' });
});
