// WAFv2's modeled errors with the wording real WAFv2 answers (quoted in public issue threads: terraform-provider-aws
// #21136, #28753, #29569; aws-waf-security-automations #300); WAFInvalidParameterException carries Field/Parameter/Reason.
import type { AwsError } from '../../core/aws-error.js';
import { modeledError } from '../../generated/wafv2/errors.js';

/** "Error reason: <reason>, field: <FIELD>, parameter: <value>", with the three members beside the message. */
export function invalidParameter(field: string, parameter: string, reason: string): AwsError {
  return modeledError('WAFInvalidParameterException', `Error reason: ${reason}, field: ${field}, parameter: ${parameter}`, {
    fields: { Field: field, Parameter: parameter, Reason: reason },
  });
}

export const REASON = {
  scope: 'The scope is not valid.',
  arn: "The ARN isn't valid. A valid ARN begins with arn: and includes other information separated by colons or slashes.",
  exactlyOne: 'You have used none or multiple values for a field that requires exactly one value.',
  invalidValue: 'The parameter contains formatting that is not recognized.',
  duplicatePriority: 'A rule with this priority already exists. Each rule must have a unique priority.',
  duplicateName: 'A rule with this name already exists. Each rule must have a unique name.',
  unsupportedRegex: 'The regular expression uses syntax that AWS WAF does not support.',
  invalidIp: 'The IP address or CIDR block is not valid.',
  ipVersion: 'The IP address version does not match the IP set.',
  rateLimit: 'The rate limit must be at least 10.',
  window: 'The evaluation window must be 60, 120, 300 or 600 seconds.',
  unknownBodyKey: 'The custom response body key does not exist.',
  managedGroup: 'The managed rule group does not exist.',
  ruleAction: 'A rule that references a rule group needs an OverrideAction and no Action; any other rule needs an Action.',
} as const;

export function nonexistent(): AwsError {
  return modeledError('WAFNonexistentItemException', 'AWS WAF couldn’t perform the operation because your resource doesn’t exist.');
}

export function optimisticLock(): AwsError {
  return modeledError(
    'WAFOptimisticLockException',
    'AWS WAF couldn’t save your changes because someone changed the resource after you started to edit it. Reapply your changes.',
  );
}

export function duplicate(): AwsError {
  return modeledError('WAFDuplicateItemException', 'AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an existing one.');
}

export function associated(): AwsError {
  return modeledError(
    'WAFAssociatedItemException',
    'AWS WAF couldn’t perform the operation because your resource is being used by another resource or it’s associated with another resource.',
  );
}

export function limitsExceeded(what: string): AwsError {
  return modeledError('WAFLimitsExceededException', `AWS WAF couldn’t perform the operation because you exceeded your resource limit. ${what}`);
}

export function unavailableEntity(): AwsError {
  return modeledError(
    'WAFUnavailableEntityException',
    'AWS WAF couldn’t retrieve a resource that you specified for this operation. Verify the resource and try again.',
  );
}
