// CloudFront's modelled errors with the codes and statuses of the model and AWS's messages (no CloudFront
// recordings exist yet; the messages follow the API reference's descriptions of each error).
import type { AwsError } from '../../core/aws-error.js';
import { modeledError } from '../../generated/cloudfront/errors.js';

export const invalidArgument = (message: string): AwsError => modeledError('InvalidArgument', message);
export const inconsistentQuantities = (): AwsError => modeledError('InconsistentQuantities', "The value of Quantity and the size of Items don't match.");
export const invalidIfMatchVersion = (): AwsError => modeledError('InvalidIfMatchVersion', 'The If-Match version is missing or not valid for the resource.');
export const preconditionFailed = (): AwsError => modeledError('PreconditionFailed', 'The precondition in one or more of the request fields evaluated to false.');
export const noSuchDistribution = (): AwsError => modeledError('NoSuchDistribution', 'The specified distribution does not exist.');
export const distributionNotDisabled = (): AwsError => modeledError('DistributionNotDisabled', 'The distribution you are trying to delete has not been disabled.');
export const distributionAlreadyExists = (id: string): AwsError =>
  modeledError('DistributionAlreadyExists', `The caller reference that you are using to create a distribution is associated with another distribution. Already exists: ${id}`);
export const cnameAlreadyExists = (cname: string): AwsError => modeledError('CNAMEAlreadyExists', `One or more of the CNAMEs you provided are already associated with a different resource. (${cname})`);
export const noSuchOrigin = (id: string): AwsError => modeledError('NoSuchOrigin', `No origin exists with the specified Origin Id: ${id}`);
export const invalidTtlOrder = (): AwsError => modeledError('InvalidTTLOrder', 'The TTL order specified is not valid.');
export const invalidLocationCode = (code: string): AwsError => modeledError('InvalidLocationCode', `The location code specified is not valid: ${code}`);
export const illegalOriginAccessConfiguration = (): AwsError =>
  modeledError('IllegalOriginAccessConfiguration', 'An origin cannot contain both an origin access control (OAC) and an origin access identity (OAI).');
export const invalidWebAclId = (id: string): AwsError => modeledError('InvalidWebACLId', `Web ACL is not valid or doesn't exist: ${id}`);
export const illegalDelete = (): AwsError => modeledError('IllegalDelete', 'Deleting this resource is not allowed.');
export const illegalUpdate = (): AwsError => modeledError('IllegalUpdate', 'The update contains modifications that are not allowed.');
export const batchTooLarge = (): AwsError => modeledError('BatchTooLarge', 'Invalidation batch specified is too large.');
export const noSuchInvalidation = (): AwsError => modeledError('NoSuchInvalidation', 'The specified invalidation does not exist.');
export const noSuchResource = (): AwsError => modeledError('NoSuchResource', 'A resource that was specified is not valid.');
export const noSuchCachePolicy = (): AwsError => modeledError('NoSuchCachePolicy', 'The cache policy does not exist.');
export const noSuchOriginRequestPolicy = (): AwsError => modeledError('NoSuchOriginRequestPolicy', 'The origin request policy does not exist.');
export const noSuchResponseHeadersPolicy = (): AwsError => modeledError('NoSuchResponseHeadersPolicy', 'The response headers policy does not exist.');
export const noSuchOac = (): AwsError => modeledError('NoSuchOriginAccessControl', 'The origin access control does not exist.');
export const noSuchOai = (): AwsError => modeledError('NoSuchCloudFrontOriginAccessIdentity', 'The specified origin access identity does not exist.');
export const noSuchPublicKey = (): AwsError => modeledError('NoSuchPublicKey', 'The specified public key doesn\'t exist.');
export const invalidOrigin = (message: string): AwsError => modeledError('InvalidOrigin', message);
export const invalidOriginAccessControl = (message: string): AwsError => modeledError('InvalidOriginAccessControl', message);
export const invalidOriginAccessIdentity = (): AwsError => modeledError('InvalidOriginAccessIdentity', 'The origin access identity is not valid or doesn\'t exist.');
export const noSuchKeyGroupForBehavior = (): AwsError => modeledError('TrustedKeyGroupDoesNotExist', 'The specified key group does not exist.');
export const invalidViewerCertificate = (message: string): AwsError => modeledError('InvalidViewerCertificate', message);
export const invalidDefaultRootObject = (): AwsError => modeledError('InvalidDefaultRootObject', 'The default root object that you specified is not valid.');
export const invalidErrorCode = (code: number): AwsError => modeledError('InvalidErrorCode', `The error code ${code} is not valid for a custom error response.`);
export const invalidResponseCode = (code: string): AwsError => modeledError('InvalidResponseCode', `The response code ${code} is not valid.`);
export const invalidRelativePath = (path: string): AwsError => modeledError('InvalidRelativePath', `The relative path ${path} is not valid: it must begin with a slash (/).`);
export const invalidMinimumProtocolVersion = (): AwsError => modeledError('InvalidMinimumProtocolVersion', 'The minimum protocol version specified is not valid.');
export const invalidProtocolSettings = (): AwsError =>
  modeledError('InvalidProtocolSettings', 'You cannot specify SSLv3 as the minimum protocol version if you only want to support only clients that support Server Name Indication (SNI).');
export const inUse = (code: 'CachePolicyInUse' | 'OriginRequestPolicyInUse' | 'ResponseHeadersPolicyInUse' | 'OriginAccessControlInUse' | 'CloudFrontOriginAccessIdentityInUse' | 'PublicKeyInUse' | 'ResourceInUse', what: string): AwsError =>
  modeledError(code, `The ${what} is in use and cannot be deleted.`);
export const alreadyExists = (code: 'CachePolicyAlreadyExists' | 'OriginRequestPolicyAlreadyExists' | 'ResponseHeadersPolicyAlreadyExists' | 'OriginAccessControlAlreadyExists' | 'CloudFrontOriginAccessIdentityAlreadyExists' | 'PublicKeyAlreadyExists' | 'KeyGroupAlreadyExists', what: string): AwsError =>
  modeledError(code, `A ${what} with this name or caller reference already exists.`);
export const invalidTagging = (): AwsError => modeledError('InvalidTagging', 'The tagging specified is not valid.');
export const noSuchKeyGroup = (): AwsError => modeledError('NoSuchResource', 'The specified key group does not exist.');
export const publicKeyInUse = (): AwsError => modeledError('PublicKeyInUse', 'The specified public key is in use.');
export const invalidPublicKey = (): AwsError => modeledError('InvalidArgument', 'The parameter EncodedKey is not a valid PEM-encoded RSA public key.');
export const cannotChangePublicKey = (): AwsError => modeledError('CannotChangeImmutablePublicKeyFields', 'You can\'t change the value of a public key.');
export const tooManyPublicKeysInKeyGroup = (): AwsError => modeledError('TooManyPublicKeysInKeyGroup', 'The number of public keys in this key group is more than the maximum allowed.');
export const keyGroupInUse = (): AwsError => modeledError('ResourceInUse', 'Cannot delete this resource because it is in use.');
