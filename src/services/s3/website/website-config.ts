// PutBucketWebsite's checks of a website configuration, with S3's codes and messages
// (test_s3.snapshot.json TestS3StaticWebsiteHosting::test_validate_website_configuration, labels beside each check).
import type { WebsiteConfiguration } from '../../../generated/s3/api.js';
import { AwsError } from '../../../core/aws-error.js';
import { invalidRequest, malformedXml } from '../s3-errors.js';

function invalidArgument(message: string, name: string, value: string): AwsError {
  return new AwsError('InvalidArgument', message, { status: 400, fields: { ArgumentName: name, ArgumentValue: value } });
}

const PROTOCOLS = new Set(['http', 'https']);

function checkProtocol(protocol: string | undefined): void {
  // invalid-website-conf-4
  if (protocol !== undefined && !PROTOCOLS.has(protocol)) throw invalidRequest('Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.');
}

/** Throws S3's error for the first rule the configuration breaks. */
export function validateWebsiteConfiguration(w: WebsiteConfiguration): void {
  const rest = w.IndexDocument !== undefined || w.ErrorDocument !== undefined || w.RoutingRules !== undefined;
  if (w.RedirectAllRequestsTo !== undefined) {
    // invalid-website-conf-2
    if (rest) throw invalidArgument('RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.', 'RedirectAllRequestsTo', 'not null');
    checkProtocol(w.RedirectAllRequestsTo.Protocol);
    return;
  }
  // invalid-website-conf-7: an empty configuration does not validate against the schema.
  if (!rest) throw malformedXml();
  const suffix = w.IndexDocument?.Suffix;
  // invalid-website-conf-3: error document or rules without an index document.
  if (w.IndexDocument === undefined) throw invalidArgument('A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty', 'IndexDocument', 'null');
  // invalid-website-conf-0 ('/index.html') and -1 (empty).
  if (suffix === undefined || suffix === '' || suffix.includes('/')) throw invalidArgument('The IndexDocument Suffix is not well formed', 'IndexDocument', suffix ?? '');
  for (const rule of w.RoutingRules ?? []) {
    const c = rule.Condition;
    // invalid-website-conf-6
    if (c !== undefined && c.KeyPrefixEquals === undefined && c.HttpErrorCodeReturnedEquals === undefined) {
      throw invalidRequest("Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn't be present.");
    }
    // invalid-website-conf-5
    if (rule.Redirect.ReplaceKeyPrefixWith !== undefined && rule.Redirect.ReplaceKeyWith !== undefined) throw invalidRequest('You can only define ReplaceKeyPrefix or ReplaceKey but not both.');
    checkProtocol(rule.Redirect.Protocol);
  }
}
