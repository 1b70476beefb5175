// CloudWatch's errors: `code` is the model's shape name (the JSON/CBOR __type); the codecs derive the query code
// (InvalidParameterValue, ResourceNotFound …) from the model and send it in x-amzn-query-error.
import { AwsError } from '../../core/aws-error.js';

export function invalidParameterValue(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message, { status: 400 });
}

export function invalidParameterCombination(message: string): AwsError {
  return new AwsError('InvalidParameterCombinationException', message, { status: 400 });
}

export function missingParameter(message: string): AwsError {
  return new AwsError('MissingRequiredParameterException', message, { status: 400 });
}

/** SetAlarmState / tags on a missing alarm: 404 with an empty message (recorded). */
export function resourceNotFound(message = ''): AwsError {
  return new AwsError('ResourceNotFound', message, { status: 404 });
}

/** TagResource / ListTagsForResource on a missing ARN. */
export function resourceNotFoundException(message: string): AwsError {
  return new AwsError('ResourceNotFoundException', message, { status: 404 });
}

export function dashboardNotFound(message: string): AwsError {
  return new AwsError('DashboardNotFoundError', message, { status: 404 });
}

export function limitExceeded(message: string): AwsError {
  return new AwsError('LimitExceededFault', message, { status: 400 });
}

export function invalidNextToken(): AwsError {
  return new AwsError('InvalidNextToken', 'The service returned an error with Error Code InvalidNextToken.', { status: 400 });
}

/** The query-style validation error CloudWatch answers for rule violations outside the model (PutMetricAlarm). */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400, queryCode: 'ValidationError' });
}
