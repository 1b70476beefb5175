// STS DecodeAuthorizationMessage: reads back the encoded authorization failure message EC2 appends to
// UnauthorizedOperation; the caller needs sts:DecodeAuthorizationMessage under enforcement (STS API reference).
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/sts/api.js';
import { decodeAuthorizationMessage as decode } from '../../iam/authorization-message.js';
import { authorizeCaller } from './self-authorize.js';
import type { StsContext } from './context.js';

export function decodeAuthorizationMessage(sts: StsContext, ctx: RequestContext, input: api.DecodeAuthorizationMessageRequest): api.DecodeAuthorizationMessageResponse {
  authorizeCaller(sts, ctx, 'sts:DecodeAuthorizationMessage');
  const decoded = decode(input.EncodedMessage);
  // "The error returned if the message passed to DecodeAuthorizationMessage was invalid. This can happen if the token
  // contains invalid characters, such as line breaks, or if the message has expired." (STS API reference) [D: text]
  if (decoded === undefined) throw new AwsError('InvalidAuthorizationMessageException', 'The encoded authorization message is invalid.', { status: 400 });
  return { DecodedMessage: decoded };
}
