// Auto Scaling's errors with AWS's codes and messages. Sources: the recorded messages (Max bound, Desired
// capacity, AlreadyExists), public error reports quoting AWS (noted per function), and the API reference.
import { AwsError, notImplemented, validationError } from '../../core/aws-error.js';
import { modeledError } from '../../generated/auto-scaling/errors.js';

/** Most group operations on a missing group (UpdateAutoScalingGroup, DeleteAutoScalingGroup, policies):
 *  "AutoScalingGroup name not found - AutoScalingGroup 'x' not found" (cloud-custodian #249/#250 quoting AWS). */
export function groupNotFound(name: string): AwsError {
  return validationError(`AutoScalingGroup name not found - AutoScalingGroup '${name}' not found`);
}

/** SetDesiredCapacity and PutScheduledUpdateGroupAction say "null" (aws-sdk-go #1151, terraform #17238). */
export function groupNotFoundNull(): AwsError {
  return validationError('AutoScalingGroup name not found - null');
}

/** CreateOrUpdateTags / DeleteTags (cloud-custodian #380). */
export function tagGroupNotFound(name: string): AwsError {
  return validationError(`AutoScalingGroup not found - AutoScaling Group ${name} not found`);
}

export function groupExists(name: string): AwsError {
  return modeledError('AlreadyExistsFault', `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`);
}

export function launchConfigurationExists(name: string): AwsError {
  return modeledError('AlreadyExistsFault', `Launch Configuration by this name already exists - A launch configuration already exists with the name ${name}`);
}

export function launchConfigurationNotFound(name: string): AwsError {
  return validationError(`Launch configuration name not found - Launch configuration ${name} not found`);
}

export function launchConfigurationInUse(name: string, group: string): AwsError {
  return modeledError('ResourceInUseFault', `Cannot delete launch configuration ${name} because it is attached to AutoScalingGroup ${group}`);
}

export function maxBelowMin(max: number, min: number): AwsError {
  return validationError(`Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
}

export function desiredOutOfRange(desired: number, min: number, max: number): AwsError {
  return validationError(`Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`);
}

export function setDesiredAbove(desired: number, max: number): AwsError {
  return validationError(`New SetDesiredCapacity value ${desired} is above max value ${max} for the AutoScalingGroup.`);
}

export function setDesiredBelow(desired: number, min: number): AwsError {
  return validationError(`New SetDesiredCapacity value ${desired} is below min value ${min} for the AutoScalingGroup.`);
}

export function groupHasInstances(): AwsError {
  return modeledError('ResourceInUseFault', 'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.');
}

export function groupActivityInProgress(): AwsError {
  return modeledError('ScalingActivityInProgressFault', 'You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.');
}

export function cooldownInProgress(): AwsError {
  return modeledError('ScalingActivityInProgressFault', 'Scaling activity is in progress and blocks the execution of this policy.');
}

/** No recording of this one: kumo's wording, naming the policy. */
export function policyNotFound(name: string): AwsError {
  return validationError(`Policy ${name} not found.`);
}

export function unsupported(operation: string, feature: string): AwsError {
  return notImplemented('Auto Scaling', operation, feature);
}

export { validationError };
