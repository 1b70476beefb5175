// The policy operations of CloudFront's table: the three kinds' handlers (policies.ts) under their AWS names and
// generated request/result types, so the shared rules stay untyped by kind in one place.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/cloudfront/api.js';
import type { CloudFrontContext } from './context.js';
import { POLICY_KINDS, policyHandlers, type PolicyHandler } from './policies.js';

type Op<I, O> = (s: CloudFrontContext, ctx: RequestContext, input: I) => O;
/** The generated shapes are the wire shapes the shared handler reads and writes. */
const typed = <I, O>(h: PolicyHandler): Op<I, O> => h as unknown as Op<I, O>;

const cache = policyHandlers(POLICY_KINDS.cache);
export const createCachePolicy = typed<api.CreateCachePolicyRequest, api.CreateCachePolicyResult>(cache.create);
export const getCachePolicy = typed<api.GetCachePolicyRequest, api.GetCachePolicyResult>(cache.get);
export const getCachePolicyConfig = typed<api.GetCachePolicyConfigRequest, api.GetCachePolicyConfigResult>(cache.getConfig);
export const updateCachePolicy = typed<api.UpdateCachePolicyRequest, api.UpdateCachePolicyResult>(cache.update);
export const deleteCachePolicy = typed<api.DeleteCachePolicyRequest, void>(cache.delete);
export const listCachePolicies = typed<api.ListCachePoliciesRequest, api.ListCachePoliciesResult>(cache.list);
export const listDistributionsByCachePolicyId = typed<api.ListDistributionsByCachePolicyIdRequest, api.ListDistributionsByCachePolicyIdResult>(cache.distributions);

const originRequest = policyHandlers(POLICY_KINDS.originRequest);
export const createOriginRequestPolicy = typed<api.CreateOriginRequestPolicyRequest, api.CreateOriginRequestPolicyResult>(originRequest.create);
export const getOriginRequestPolicy = typed<api.GetOriginRequestPolicyRequest, api.GetOriginRequestPolicyResult>(originRequest.get);
export const getOriginRequestPolicyConfig = typed<api.GetOriginRequestPolicyConfigRequest, api.GetOriginRequestPolicyConfigResult>(originRequest.getConfig);
export const updateOriginRequestPolicy = typed<api.UpdateOriginRequestPolicyRequest, api.UpdateOriginRequestPolicyResult>(originRequest.update);
export const deleteOriginRequestPolicy = typed<api.DeleteOriginRequestPolicyRequest, void>(originRequest.delete);
export const listOriginRequestPolicies = typed<api.ListOriginRequestPoliciesRequest, api.ListOriginRequestPoliciesResult>(originRequest.list);
export const listDistributionsByOriginRequestPolicyId = typed<api.ListDistributionsByOriginRequestPolicyIdRequest, api.ListDistributionsByOriginRequestPolicyIdResult>(originRequest.distributions);

const responseHeaders = policyHandlers(POLICY_KINDS.responseHeaders);
export const createResponseHeadersPolicy = typed<api.CreateResponseHeadersPolicyRequest, api.CreateResponseHeadersPolicyResult>(responseHeaders.create);
export const getResponseHeadersPolicy = typed<api.GetResponseHeadersPolicyRequest, api.GetResponseHeadersPolicyResult>(responseHeaders.get);
export const getResponseHeadersPolicyConfig = typed<api.GetResponseHeadersPolicyConfigRequest, api.GetResponseHeadersPolicyConfigResult>(responseHeaders.getConfig);
export const updateResponseHeadersPolicy = typed<api.UpdateResponseHeadersPolicyRequest, api.UpdateResponseHeadersPolicyResult>(responseHeaders.update);
export const deleteResponseHeadersPolicy = typed<api.DeleteResponseHeadersPolicyRequest, void>(responseHeaders.delete);
export const listResponseHeadersPolicies = typed<api.ListResponseHeadersPoliciesRequest, api.ListResponseHeadersPoliciesResult>(responseHeaders.list);
export const listDistributionsByResponseHeadersPolicyId = typed<api.ListDistributionsByResponseHeadersPolicyIdRequest, api.ListDistributionsByResponseHeadersPolicyIdResult>(responseHeaders.distributions);
