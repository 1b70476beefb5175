// CloudFront's operation table: each AWS operation mapped to the module that implements it over CloudFrontContext.
// Operations not listed (functions, Lambda@Edge, field-level encryption, tenants, VPC origins, …) answer NotImplemented.
import type * as api from '../../generated/cloudfront/api.js';
import { operationTable } from '../service-definition.js';
import * as access from './access-operations.js';
import type { CloudFrontContext } from './context.js';
import * as distributions from './distribution-operations.js';
import * as invalidations from './invalidation-operations.js';
import * as keys from './key-operations.js';
import * as policies from './policy-operations.js';
import * as tags from './tag-operations.js';

export const CLOUDFRONT_OPERATIONS = operationTable<api.CloudfrontApi, CloudFrontContext>()({
  CreateDistribution: distributions.createDistribution,
  CreateDistributionWithTags: distributions.createDistributionWithTags,
  GetDistribution: distributions.getDistribution,
  GetDistributionConfig: distributions.getDistributionConfig,
  UpdateDistribution: distributions.updateDistribution,
  DeleteDistribution: distributions.deleteDistribution,
  ListDistributions: distributions.listDistributions,
  ListDistributionsByCachePolicyId: distributions.listDistributionsByCachePolicyId,
  ListDistributionsByOriginRequestPolicyId: distributions.listDistributionsByOriginRequestPolicyId,
  ListDistributionsByResponseHeadersPolicyId: distributions.listDistributionsByResponseHeadersPolicyId,
  ListDistributionsByKeyGroup: distributions.listDistributionsByKeyGroup,
  ListDistributionsByWebACLId: distributions.listDistributionsByWebACLId,
  CreateCachePolicy: policies.createCachePolicy,
  GetCachePolicy: policies.getCachePolicy,
  GetCachePolicyConfig: policies.getCachePolicyConfig,
  UpdateCachePolicy: policies.updateCachePolicy,
  DeleteCachePolicy: policies.deleteCachePolicy,
  ListCachePolicies: policies.listCachePolicies,
  CreateOriginRequestPolicy: policies.createOriginRequestPolicy,
  GetOriginRequestPolicy: policies.getOriginRequestPolicy,
  GetOriginRequestPolicyConfig: policies.getOriginRequestPolicyConfig,
  UpdateOriginRequestPolicy: policies.updateOriginRequestPolicy,
  DeleteOriginRequestPolicy: policies.deleteOriginRequestPolicy,
  ListOriginRequestPolicies: policies.listOriginRequestPolicies,
  CreateResponseHeadersPolicy: policies.createResponseHeadersPolicy,
  GetResponseHeadersPolicy: policies.getResponseHeadersPolicy,
  GetResponseHeadersPolicyConfig: policies.getResponseHeadersPolicyConfig,
  UpdateResponseHeadersPolicy: policies.updateResponseHeadersPolicy,
  DeleteResponseHeadersPolicy: policies.deleteResponseHeadersPolicy,
  ListResponseHeadersPolicies: policies.listResponseHeadersPolicies,
  CreateOriginAccessControl: access.createOriginAccessControl,
  GetOriginAccessControl: access.getOriginAccessControl,
  GetOriginAccessControlConfig: access.getOriginAccessControlConfig,
  UpdateOriginAccessControl: access.updateOriginAccessControl,
  DeleteOriginAccessControl: access.deleteOriginAccessControl,
  ListOriginAccessControls: access.listOriginAccessControls,
  CreateCloudFrontOriginAccessIdentity: access.createCloudFrontOriginAccessIdentity,
  GetCloudFrontOriginAccessIdentity: access.getCloudFrontOriginAccessIdentity,
  GetCloudFrontOriginAccessIdentityConfig: access.getCloudFrontOriginAccessIdentityConfig,
  UpdateCloudFrontOriginAccessIdentity: access.updateCloudFrontOriginAccessIdentity,
  DeleteCloudFrontOriginAccessIdentity: access.deleteCloudFrontOriginAccessIdentity,
  ListCloudFrontOriginAccessIdentities: access.listCloudFrontOriginAccessIdentities,
  CreateInvalidation: invalidations.createInvalidation,
  GetInvalidation: invalidations.getInvalidation,
  ListInvalidations: invalidations.listInvalidations,
  CreatePublicKey: keys.createPublicKeyOp,
  GetPublicKey: keys.getPublicKey,
  GetPublicKeyConfig: keys.getPublicKeyConfig,
  UpdatePublicKey: keys.updatePublicKey,
  DeletePublicKey: keys.deletePublicKey,
  ListPublicKeys: keys.listPublicKeys,
  CreateKeyGroup: keys.createKeyGroup,
  GetKeyGroup: keys.getKeyGroup,
  GetKeyGroupConfig: keys.getKeyGroupConfig,
  UpdateKeyGroup: keys.updateKeyGroup,
  DeleteKeyGroup: keys.deleteKeyGroup,
  ListKeyGroups: keys.listKeyGroups,
  TagResource: tags.tagResource,
  UntagResource: tags.untagResource,
  ListTagsForResource: tags.listTagsForResource,
});
