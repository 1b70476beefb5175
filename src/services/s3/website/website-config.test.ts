// PutBucketWebsite's checks against the recorded refusals (test_s3.snapshot.json test_validate_website_configuration).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebsiteConfiguration } from '../../../generated/s3/api.js';
import { validateWebsiteConfiguration } from './website-config.js';

function refusal(w: WebsiteConfiguration): string {
  try {
    validateWebsiteConfiguration(w);
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`;
  }
  return 'accepted';
}

test('PutBucketWebsite refuses configurations as S3 does (test_validate_website_configuration)', () => {
  const index = { Suffix: 'index.html' };
  assert.equal(refusal({ RedirectAllRequestsTo: { HostName: 'x.example' }, IndexDocument: index }), 'InvalidArgument: RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.');
  assert.equal(refusal({ ErrorDocument: { Key: 'e.html' } }), 'InvalidArgument: A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty');
  assert.equal(refusal({ IndexDocument: index, RoutingRules: [{ Redirect: { Protocol: 'ftp' as 'http' } }] }), 'InvalidRequest: Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.');
  assert.equal(refusal({ IndexDocument: index, RoutingRules: [{ Redirect: { ReplaceKeyWith: 'a', ReplaceKeyPrefixWith: 'b' } }] }), 'InvalidRequest: You can only define ReplaceKeyPrefix or ReplaceKey but not both.');
  assert.equal(refusal({ IndexDocument: index, RoutingRules: [{ Condition: {}, Redirect: { HostName: 'h' } }] }), "InvalidRequest: Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn't be present.");
  assert.equal(refusal({}), 'MalformedXML: The XML you provided was not well-formed or did not validate against our published schema');
  assert.equal(refusal({ IndexDocument: { Suffix: 'a/b' } }), 'InvalidArgument: The IndexDocument Suffix is not well formed');
  assert.equal(refusal({ IndexDocument: index, ErrorDocument: { Key: 'e.html' }, RoutingRules: [{ Condition: { HttpErrorCodeReturnedEquals: '404' }, Redirect: { HostName: 'h' } }] }), 'accepted');
  assert.equal(refusal({ RedirectAllRequestsTo: { HostName: 'x.example', Protocol: 'https' } }), 'accepted');
});
