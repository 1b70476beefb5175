// IAM's errors with the codes, statuses and messages IAM answers (models/aws/iam.json for codes and statuses;
// messages from aws-recordings/iam/test_iam.snapshot.json where recorded, otherwise as IAM words them).
import { AwsError } from '../../core/aws-error.js';

export type EntityKind = 'user' | 'group' | 'role' | 'instance-profile';

const LABEL: Record<EntityKind, string> = { user: 'user', group: 'group', role: 'role', 'instance-profile': 'Instance Profile' };
const TITLE: Record<EntityKind, string> = { user: 'User', group: 'Group', role: 'Role', 'instance-profile': 'Instance Profile' };

// test_iam.snapshot.json test_create_service_specific_credential_invalid_user: "The user with name … cannot be found."
export function noSuchEntity(kind: EntityKind, name: string): AwsError {
  return new AwsError('NoSuchEntity', `The ${LABEL[kind]} with name ${name} cannot be found.`, { status: 404 });
}

export function noSuchEntityMessage(message: string): AwsError {
  return new AwsError('NoSuchEntity', message, { status: 404 });
}

export function entityAlreadyExists(kind: EntityKind, name: string): AwsError {
  return new AwsError('EntityAlreadyExists', `${TITLE[kind]} with name ${name} already exists.`, { status: 409 });
}

export function entityAlreadyExistsMessage(message: string): AwsError {
  return new AwsError('EntityAlreadyExists', message, { status: 409 });
}

export function limitExceeded(message: string): AwsError {
  return new AwsError('LimitExceeded', message, { status: 409 });
}

export function deleteConflict(message: string): AwsError {
  return new AwsError('DeleteConflict', message, { status: 409 });
}

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', message, { status: 400 });
}

// test_iam.snapshot.json test_user_attach_policy "non_existent_malformed_policy_arn".
export function invalidArn(): AwsError {
  return new AwsError('ValidationError', 'Invalid ARN:  Could not be parsed!', { status: 400 });
}

// test_iam.snapshot.json test_delete_non_existent_policy_returns_no_such_entity.
export function policyNotFound(arn: string): AwsError {
  return noSuchEntityMessage(`Policy ${arn} was not found.`);
}

// test_iam.snapshot.json test_user_attach_policy "valid_arn_not_existent".
export function policyNotAttachable(arn: string): AwsError {
  return noSuchEntityMessage(`Policy ${arn} does not exist or is not attachable.`);
}
