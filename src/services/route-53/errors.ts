// Route 53's modelled errors with the codes, statuses and messages it answers (aws-recordings/route53 where
// recorded: NoSuchHostedZone "No hosted zone found with ID: …", InvalidVPCId "The VPC ID is invalid.").
import { AwsError } from '../../core/aws-error.js';

export function noSuchHostedZone(id: string): AwsError {
  return new AwsError('NoSuchHostedZone', `No hosted zone found with ID: ${id}`, { status: 404 });
}

export function noSuchChange(id: string): AwsError {
  return new AwsError('NoSuchChange', `A change with the specified change ID does not exist: ${id}`, { status: 404 });
}

export function noSuchHealthCheck(id: string): AwsError {
  return new AwsError('NoSuchHealthCheck', `A health check with id ${id} does not exist.`, { status: 404 });
}

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInput', message, { status: 400 });
}

export function invalidChangeBatch(messages: string[]): AwsError {
  const message = messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
  return new AwsError('InvalidChangeBatch', message, { status: 400, fields: { messages } });
}

export function hostedZoneAlreadyExists(name: string): AwsError {
  return new AwsError('HostedZoneAlreadyExists', `A hosted zone has already been created with the specified caller reference. (${name})`, { status: 409 });
}

export function hostedZoneNotEmpty(): AwsError {
  return new AwsError('HostedZoneNotEmpty', 'The specified hosted zone contains non-required resource record sets and so cannot be deleted.', { status: 400 });
}

export function healthCheckAlreadyExists(ref: string): AwsError {
  return new AwsError('HealthCheckAlreadyExists', `A different health check has already been created with the specified caller reference: ${ref}`, { status: 409 });
}

export function healthCheckInUse(id: string): AwsError {
  return new AwsError('HealthCheckInUse', `The health check with ID ${id} is still referenced from at least one resource record set.`, { status: 400 });
}

export function healthCheckVersionMismatch(): AwsError {
  return new AwsError('HealthCheckVersionMismatch', 'The value of HealthCheckVersion in the request doesn\'t match the value of HealthCheckVersion in the health check.', { status: 409 });
}

export function invalidVpcId(): AwsError {
  return new AwsError('InvalidVPCId', 'The VPC ID is invalid.', { status: 400 });
}
