// Unit tests for versioning rules: id format, null versions when unversioned or suspended, delete behaviour.
// Expected behaviour per the S3 user guide's versioning chapters and test_s3_api snapshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deleteWithoutVersion, exposesVersionIds, newVersionId, parseVersioningStatus, replacesNullVersion,
  requireWellFormedVersionId, versionIdForWrite } from './versioning.js';

test('version ids are 32 characters and unique', () => {
  const a = newVersionId();
  assert.match(a, /^[A-Za-z0-9._]{32}$/);
  assert.notEqual(a, newVersionId());
});

test('only an Enabled bucket issues real version ids; others write the null version', () => {
  assert.equal(versionIdForWrite(''), 'null');
  assert.equal(versionIdForWrite('Suspended'), 'null');
  assert.notEqual(versionIdForWrite('Enabled'), 'null');
  assert.equal(replacesNullVersion('Suspended'), true);
  assert.equal(replacesNullVersion('Enabled'), false);
  assert.equal(exposesVersionIds(''), false);
  assert.equal(exposesVersionIds('Suspended'), true);
});

test('DeleteObject without a version removes, marks, or writes a null marker by state', () => {
  assert.equal(deleteWithoutVersion(''), 'remove-null');
  assert.equal(deleteWithoutVersion('Enabled'), 'marker');
  assert.equal(deleteWithoutVersion('Suspended'), 'null-marker');
});

test('versioning status and version ids are validated', () => {
  assert.equal(parseVersioningStatus('Enabled'), 'Enabled');
  assert.throws(() => parseVersioningStatus('On'));
  requireWellFormedVersionId('null');
  assert.throws(() => requireWellFormedVersionId('short'));
});
