// Route 53's modelled errors with the codes, statuses and messages it answers (aws-recordings/route53 where
// recorded: NoSuchHostedZone "No hosted zone found with ID: …", InvalidVPCId "The VPC ID is invalid.").
import type { AwsError } from '../../core/aws-error.js';
import { modeledError } from '../../generated/route-53/errors.js';

export function noSuchHostedZone(id: string): AwsError {
  return modeledError('NoSuchHostedZone', `No hosted zone found with ID: ${id}`);
}

export function noSuchChange(id: string): AwsError {
  return modeledError('NoSuchChange', `A change with the specified change ID does not exist: ${id}`);
}

export function noSuchHealthCheck(id: string): AwsError {
  return modeledError('NoSuchHealthCheck', `A health check with id ${id} does not exist.`);
}

export function invalidInput(message: string): AwsError {
  return modeledError('InvalidInput', message);
}

export function invalidChangeBatch(messages: string[]): AwsError {
  const message = messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
  return modeledError('InvalidChangeBatch', message, { fields: { messages } });
}

export function hostedZoneAlreadyExists(name: string): AwsError {
  return modeledError('HostedZoneAlreadyExists', `A hosted zone has already been created with the specified caller reference. (${name})`);
}

export function hostedZoneNotEmpty(): AwsError {
  return modeledError('HostedZoneNotEmpty', 'The specified hosted zone contains non-required resource record sets and so cannot be deleted.');
}

export function healthCheckAlreadyExists(ref: string): AwsError {
  return modeledError('HealthCheckAlreadyExists', `A different health check has already been created with the specified caller reference: ${ref}`);
}

export function healthCheckInUse(id: string): AwsError {
  return modeledError('HealthCheckInUse', `The health check with ID ${id} is still referenced from at least one resource record set.`);
}

export function healthCheckVersionMismatch(): AwsError {
  return modeledError('HealthCheckVersionMismatch', 'The value of HealthCheckVersion in the request doesn\'t match the value of HealthCheckVersion in the health check.');
}

export function invalidVpcId(): AwsError {
  return modeledError('InvalidVPCId', 'The VPC ID is invalid.');
}
