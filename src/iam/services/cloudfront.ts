// CloudFront's authorization declaration: a distribution's Id fills the reference's ${DistributionId}, other kinds
// take their Id as is, tag operations name the resource ARN whole, and the *WithTags creates are their plain action.
import type { ServiceAuthorization } from '../action-map.js';
import { str } from './input-values.js';

/** Operations about a distribution name it `Id` (GetDistribution) or `DistributionId` (CreateInvalidation). */
const DISTRIBUTION_OPERATION = /Distribution(?!Tenant)|Invalidation(?!ForDistributionTenant)|Alias|ConflictingAliases/;

export const CLOUDFRONT_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'cloudfront',
  // CloudFront API Reference, CreateDistributionWithTags: "To use this operation, you must have permission for
  // cloudfront:CreateDistribution and cloudfront:TagResource"; kumo authorizes the create.
  actions: { CreateDistributionWithTags: 'CreateDistribution', CreateStreamingDistributionWithTags: 'CreateStreamingDistribution' },
  resourceVariables: (operation, input) =>
    DISTRIBUTION_OPERATION.test(operation)
      ? { DistributionId: str(input.DistributionId) ?? str(input.TargetDistributionId) ?? str(input.Id) }
      : {},
  resourceArns: (operation, input) => {
    if (operation === 'TagResource' || operation === 'UntagResource' || operation === 'ListTagsForResource') {
      const arn = str(input.Resource);
      return arn === undefined ? undefined : [arn];
    }
    return undefined;
  },
};
